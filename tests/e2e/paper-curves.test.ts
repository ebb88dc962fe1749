// Issue 18, point 2: say what is comparable, and draw the paper's own per-position curves. A run at another length,
// with sampled positions or on synthetic data carries a visible note; once the official files are imported (kept in
// the browser), FILM's published answers are scored against them and drawn with their bands and the run's delta per
// bucket. The official files are stood in for by tests/fixtures/official (their format, built so the published
// answers' stand-ins reproduce Table 1); the stand-in answers are served in place of the shipped ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import { nodePools, POOL_DIR } from '$lib/tasks/node-pools';
import { OFFICIAL_FILE_NAMES, type ProbeTask } from '$lib/paper/published';
import { makeOfficialFixture, type OfficialFixture } from '../fixtures/official/make-official';
import { openApp, runPreset, SHOTS, startQuickLook, type App } from './helpers';

let app: App;
let dir: string;
let fixture: OfficialFixture;
beforeAll(async () => {
	app = await openApp();
	dir = mkdtempSync(join(tmpdir(), 'official-'));
	const skip = Object.fromEntries(
		(['document', 'code', 'database'] as ProbeTask[]).map((t) => [t, JSON.parse(readFileSync(`${POOL_DIR}skip-lists/${OFFICIAL_FILE_NAMES[t]}_skip_list.json`, 'utf8'))])
	) as Record<ProbeTask, number[]>;
	fixture = makeOfficialFixture(await nodePools(), skip);
	for (const [name, text] of Object.entries(fixture.official)) writeFileSync(join(dir, name), text);
}, 120_000);
afterAll(async () => {
	await app?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Serves the stand-in answers where the app fetches FILM's published ones (on the context: the service worker's
 * fetches pass the page's routes by). */
async function standInAnswers(ctx: BrowserContext) {
	await ctx.route('**/data/film/results/**', (route) => {
		const path = new URL(route.request().url()).pathname.replace(/^\/data\/film\/results\//, '');
		const body = fixture.answers[decodeURIComponent(path)];
		return body ? route.fulfill({ status: 200, contentType: 'application/x-ndjson', body }) : route.fulfill({ status: 404, body: 'no' });
	});
}

const rowOf = async (page: Page, label: string) =>
	(await page.getByTestId('avg-gap-table').locator('tbody tr', { hasText: label }).first().locator('td').allTextContents()).map((c) => c.trim());

describe('the paper beside a run', () => {
	it('notes how a quick look differs, imports the official files once, and draws the paper’s curves with deltas', async () => {
		const ctx = await app.newContext();
		await standInAnswers(ctx);
		const page = await ctx.newPage();
		const runPath = await startQuickLook(page, app.server.url);

		const notes = page.getByTestId('comparability').first();
		await expect.poll(() => notes.textContent()).toContain("Contexts of 8K tokens, not the paper's 32K");
		expect(await notes.textContent()).toContain('16 questions per context');
		expect(await notes.textContent()).toContain('One context per task');
		// Without the official files: no answers fetched, the paper as flat Avg lines, and a way to import them.
		expect(app.requested.filter((u) => u.includes('/data/film/results/'))).toEqual([]);
		expect(await page.locator('g[data-kind=paper]').count()).toBe(0);
		expect(await page.locator('[data-reference-label]').count()).toBe(6);

		await page.getByTestId('official-files').setInputFiles(Object.keys(fixture.official).map((n) => join(dir, n)));
		await expect.poll(() => page.getByTestId('paper-message').textContent(), { timeout: 120_000 }).toContain('3,200 rows kept');
		expect(await page.getByTestId('paper-message').textContent()).toContain('code_backward_32k.jsonl: 3,200 rows kept (313 skipped');
		await expect.poll(() => page.locator('g[data-kind=paper]').count(), { timeout: 60_000 }).toBe(6);
		// Curves replace the lines of the models they draw; each has its ±1 std band.
		expect(await page.locator('[data-reference-label]').count()).toBe(0);
		const bands = await page.locator('g[data-kind=paper] > path[fill-opacity]').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
		expect(bands.every((d) => d.length > 20)).toBe(true);
		const legend = await page.locator('svg[data-chart=position]').first().locator('[data-legend-item]').allTextContents();
		expect(legend).toEqual(expect.arrayContaining(['FILM-7B (paper’s answers)', 'Mistral-7B-Instruct-v0.2 (paper’s answers)']));

		// Table 1 reproduced from the (stand-in) published answers, beside the paper's own row.
		expect(await rowOf(page, 'FILM-7B (published answers, scored here)')).toEqual(['85.4', '6.1', '83.3', '18.7', '89.0', '16.8', '85.9', '13.9']);
		expect(await rowOf(page, 'GPT-4-Turbo (published answers, scored here)')).toEqual(['81.3', '31.7', '66.1', '46.5', '89.6', '18.0', '79.0', '32.1']);

		// This run minus the paper's curves, bucket by bucket.
		const delta = page.getByTestId('paper-delta').first();
		expect(await delta.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['FILM-7B (paper)', 'Δ']));
		const first = await delta.locator('tbody tr').first().locator('th, td').allTextContents();
		expect(first[0]).toBe('0–49');
		expect(first[1]).toBe('100.0');
		expect(first[3]).toMatch(/^[+−±]\d+\.\d$/);

		await page.getByLabel('GPT-4-Turbo', { exact: true }).check();
		await expect.poll(() => page.locator('g[data-kind=paper]').count()).toBe(9);
		await page.screenshot({ path: `${SHOTS}/paper-curves.png`, fullPage: true });

		// Kept in this browser: a reload draws them again without another import.
		await page.reload();
		await expect.poll(() => page.locator('g[data-kind=paper]').count(), { timeout: 60_000 }).toBe(6);
		expect(await page.getByTestId('paper-stored').textContent()).toContain('database_forward_32k.jsonl (3,000 rows)');
		expect(new URL(page.url()).pathname).toBe(runPath);
		await ctx.close();
		expect(app.errors).toEqual([]);
	}, 300_000);

	it('refuses a file that is not whole, keeping what was imported before', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await startQuickLook(page, app.server.url);
		const cut = join(dir, 'cut', 'document_bi_32k.jsonl');
		await import('node:fs').then((fs) => fs.mkdirSync(join(dir, 'cut'), { recursive: true }));
		writeFileSync(cut, fixture.official['document_bi_32k.jsonl'].split('\n').slice(0, 500).join('\n'));
		await page.getByTestId('official-files').setInputFiles([cut, join(dir, 'code_backward_32k.jsonl')]);
		await expect.poll(() => page.getByTestId('paper-message').textContent(), { timeout: 120_000 }).toContain('has 500 rows');
		expect(await page.getByTestId('paper-message').textContent()).toContain('code_backward_32k.jsonl: 3,200 rows kept');
		expect(await page.getByTestId('paper-stored').textContent()).not.toContain('document_bi_32k');
		await ctx.close();
	}, 300_000);

	it('calls the LongBench demo set synthetic where its table sits beside the paper’s', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await runPreset(page, app.server.url, 'longdoc');
		const note = page.getByTestId('longbench-results').getByTestId('comparability');
		await expect.poll(() => note.textContent()).toContain('Synthetic data');
		await ctx.close();
	}, 300_000);

	it('keeps the paper’s data out of the home page’s initial JavaScript', () => {
		const html = readFileSync('build/index.html', 'utf8');
		const chunks = [...html.matchAll(/href="(\/_app\/[^"]+\.js)"/g)].map((m) => m[1]);
		expect(chunks.length).toBeGreaterThan(2);
		for (const c of chunks) {
			const js = readFileSync(join('build', c), 'utf8');
			// The published answers' module names their folder; task specs (in every page) name their export files, which
			// also start with sample_, so the folder is the marker.
			expect(js, c).not.toContain('/data/film/results/');
			expect(js, c).not.toContain('official golds');
		}
	});
});
