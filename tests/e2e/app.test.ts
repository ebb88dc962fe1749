// End-to-end: the built app in real Chromium, served like a static host. A new user's journey with the
// perfect-retrieval reference, offline use after the first visit, sharing a run file, and axe on every page.
// Screenshots go to tests/output/screenshots/ (git-ignored).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startOpenAiTestServer } from '../helpers/openai-server';
import { axe, openApp, SHOTS, startQuickLook as quickLook, type App } from './helpers';

let app: App;
const errors = () => app.errors;
const newContext = () => app.newContext();
const foreign = (allowed: string[]) => app.foreign(allowed);
const startQuickLook = (page: Parameters<typeof quickLook>[0]) => quickLook(page, app.server.url);
let server: App['server'];
let requested: string[];

beforeAll(async () => {
	app = await openApp();
	server = app.server;
	requested = app.requested;
}, 120_000);

afterAll(async () => {
	await app?.close();
});

describe('the built app', () => {
	let runPath = '';
	let runFile = '';

	it('takes a new user from the home page to a finished reference run, an answer and an export', async () => {
		const ctx = await newContext();
		const page = await ctx.newPage();
		runPath = await startQuickLook(page);
		expect(await page.getByTestId('progress').textContent()).toContain('48 of 48');
		// Three FILM charts, every one flat at 100 %.
		const charts = page.locator('svg[data-chart=position]');
		await expect.poll(() => charts.count()).toBe(3);
		const row = await page.locator('[data-testid=avg-gap-table] tbody tr').first().locator('td').allTextContents();
		expect(row).toEqual(['100.0', '0.0', '100.0', '0.0', '100.0', '0.0', '100.0', '0.0']);
		await page.screenshot({ path: `${SHOTS}/run-results.png`, fullPage: true });

		// Keyboard: focus the first point of the code chart and press Enter.
		const point = charts.nth(1).locator('circle[role=button]').first();
		await point.focus();
		await page.keyboard.press('Enter');
		const browserPanel = page.getByTestId('answer-browser');
		await expect.poll(() => browserPanel.isVisible()).toBe(true);
		await browserPanel.locator('tbody button').first().click();
		const detail = page.getByTestId('answer-detail');
		await expect.poll(() => detail.textContent(), { timeout: 60_000 }).toContain('which function contains the code snip');
		const text = (await detail.textContent()) ?? '';
		expect(text).toMatch(/Score\s*100\.0%/);
		await page.screenshot({ path: `${SHOTS}/run-answer.png`, fullPage: true });

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
		runFile = readFileSync((await download.path())!, 'utf8');
		const parsed = JSON.parse(runFile);
		expect(JSON.stringify(parsed)).toContain('"probeId"');
		expect(runFile).not.toMatch(/apiKey|authorization/i);
		await ctx.close();
		expect(errors()).toEqual([]);
		// Private by construction: a whole reference run asked nothing of any other origin, and the page carries its CSP.
		expect(requested.length).toBeGreaterThan(10);
		expect(foreign([server.url])).toEqual([]);
		expect(readFileSync('build/200.html', 'utf8')).toMatch(/http-equiv="content-security-policy" content="default-src 'self'/);
	}, 300_000);

	it('imports a shared run file in another browser profile and draws the same charts', async () => {
		expect(runFile).not.toBe('');
		const ctx = await newContext();
		const page = await ctx.newPage();
		await page.goto(`${server.url}/runs`);
		await page.getByTestId('import-runs').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(runFile) });
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('imported');
		await page.getByTestId('runs-table').locator('tbody a').first().click();
		await page.waitForURL(new RegExp(runPath));
		await expect.poll(() => page.locator('svg[data-chart=position]').count()).toBe(3);
		await ctx.close();
	}, 120_000);

	it('works offline after the first visit, including a new reference run', async () => {
		const ctx = await newContext();
		const page = await ctx.newPage();
		await page.goto(`${server.url}/`);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await page.reload();
		await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
		await ctx.setOffline(true);
		await page.goto(`${server.url}/models`);
		expect(await page.locator('h1').textContent()).toBe('Models');
		const path = await startQuickLook(page);
		expect(path).toMatch(/^\/run\/r/);
		await page.screenshot({ path: `${SHOTS}/offline-run.png`, fullPage: true });
		await ctx.close();
	}, 300_000);

	it('runs against an OpenAI-compatible endpoint with a key that never leaves the browser', async () => {
		const api = await startOpenAiTestServer({ apiKey: 'sk-e2e-secret', cors: true, models: ['film-test'] });
		const ctx = await newContext();
		try {
			const page = await ctx.newPage();
			await page.goto(`${server.url}/run/new?preset=quick`);
			await page.getByLabel('An OpenAI-compatible endpoint', { exact: false }).check();
			await page.getByLabel('Endpoint URL').fill(api.url);
			await page.getByLabel('Model', { exact: true }).fill('film-test');
			await page.getByLabel('API key', { exact: false }).fill('sk-e2e-secret');
			await page.getByLabel('API key', { exact: false }).blur();
			await page.getByTestId('start-run').click();
			await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
			await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 180_000 });
			expect(api.requests.filter((r) => r.status === 200 && r.path.includes('completions')).length).toBeGreaterThanOrEqual(48);
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
			const file = readFileSync((await download.path())!, 'utf8');
			expect(file).not.toContain('sk-e2e-secret');
			const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
			expect(stored).not.toContain('sk-e2e-secret');
			// The only other origin the app spoke to is the endpoint the user typed in.
			expect(foreign([server.url, new URL(api.url).origin])).toEqual([]);
		} finally {
			await ctx.close();
			await api.close();
		}
	}, 300_000);

	it('runs the long-document QA demo through an endpoint and shows the LongBench table and position chart', async () => {
		// The test server answers each question with its gold answer, so the expected scores are known.
		const rows = readFileSync('static/demo/longbench/demo.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input: string; answers: string[] });
		const answer = (prompt: string) => rows.find((r) => prompt.includes(r.input))?.answers[0] ?? 'no idea';
		const api = await startOpenAiTestServer({ cors: true, models: ['film-test'], answer });
		const ctx = await newContext();
		try {
			const page = await ctx.newPage();
			await page.goto(`${server.url}/run/new?preset=longdoc`);
			await page.getByLabel('An OpenAI-compatible endpoint', { exact: false }).check();
			await page.getByLabel('Endpoint URL').fill(api.url);
			await page.getByLabel('Model', { exact: true }).fill('film-test');
			await page.getByTestId('start-run').click();
			await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
			await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 180_000 });
			const results = page.getByTestId('longbench-results');
			await expect.poll(() => results.locator('svg[data-chart=position]').count()).toBe(1);
			const runRow = (await results.locator('tr.run td').allTextContents()).filter((c) => c !== '–');
			// Every QA dataset answered with its gold scores 100; the summary (ROUGE-L of the gold itself) too.
			expect(runRow.length).toBeGreaterThanOrEqual(5);
			expect(runRow.every((c) => c.startsWith('100.0'))).toBe(true);
			expect(await results.getByTestId('longbench-table').locator('tbody tr').count()).toBe(6); // five paper rows and this run
			await page.screenshot({ path: `${SHOTS}/longbench-results.png`, fullPage: true });
		} finally {
			await ctx.close();
			await api.close();
		}
	}, 300_000);

	it('has no serious or critical axe violations on any page', async () => {
		const ctx = await newContext();
		const page = await ctx.newPage();
		const found: Record<string, unknown> = {};
		const pages: [string, string][] = [
			['home', '/'],
			['new-run', '/run/new'],
			['runs', '/runs'],
			['compare', '/compare'],
			['models', '/models']
		];
		const runId = await startQuickLook(page);
		pages.push(['run', runId]);
		for (const [name, path] of pages) {
			await page.goto(`${server.url}${path}`);
			await page.waitForLoadState('networkidle');
			await page.locator('h1').first().waitFor();
			const v = await axe(page);
			if (v.length) found[name] = v;
			await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
		}
		expect(found).toEqual({});
		await ctx.close();
	}, 300_000);
});
