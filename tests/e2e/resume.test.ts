// Issue 18, points 4 and 5: a run interrupted by a reload, and a cloud run whose key was not remembered.
// After a reload the page says the run is paused because the page was closed, keeps the last reason, counts one
// number from the stored answers on every page, and asks for a missing key where the run is resumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startOpenAiTestServer } from '../helpers/openai-server';
import { openApp, SHOTS, type App } from './helpers';

let app: App;
beforeAll(async () => {
	app = await openApp();
}, 120_000);
afterAll(async () => {
	await app?.close();
});

const answered = async (page: Page) => Number((await page.getByTestId('run-status').getAttribute('data-answers')) ?? '0');
const status = (page: Page) => page.getByTestId('run-status').textContent();

async function newCloudRun(page: Page, url: string, key?: string) {
	await page.goto(`${app.server.url}/run/new?preset=quick`);
	await page.getByLabel('An OpenAI-compatible endpoint', { exact: false }).check();
	await page.getByLabel('Endpoint URL').fill(url);
	await page.getByLabel('Model', { exact: true }).fill('film-test');
	if (key) {
		await page.getByLabel('API key', { exact: false }).fill(key);
		await page.getByLabel('API key', { exact: false }).blur();
	}
}

describe('resuming after a reload', () => {
	it('shows "paused (the page was closed)" with the last reason, and one count on the run and runs pages', async () => {
		const api = await startOpenAiTestServer({ cors: true, models: ['film-test'], pieceDelayMs: 30 });
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			await newCloudRun(page, api.url);
			await page.getByTestId('start-run').click();
			await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
			const runPath = new URL(page.url()).pathname;
			await expect.poll(() => answered(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
			// The endpoint answers one request with garbage: the run pauses and says why.
			api.setFaults([{ kind: 'malformed' }]);
			await expect.poll(() => status(page), { timeout: 60_000 }).toBe('paused (the engine failed)');
			const reason = (await page.getByRole('alert').textContent()) ?? '';
			expect(reason).toContain('The engine failed');

			await page.getByRole('button', { name: 'Resume' }).click();
			await expect.poll(() => status(page)).toBe('running');
			const before = await answered(page);
			await expect.poll(() => answered(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(before + 3);
			await page.reload();

			await expect.poll(() => status(page), { timeout: 60_000 }).toBe('paused (the page was closed)');
			expect(await page.getByTestId('pause-reason').textContent()).toContain(reason.replace(/^.*?paused: /, '').slice(0, 40));
			await expect.poll(() => page.getByRole('button', { name: 'Resume' }).isVisible()).toBe(true);
			// This endpoint was run without a key: nothing to ask for.
			expect(await page.getByTestId('run-key').count()).toBe(0);
			await expect.poll(() => page.locator('[data-testid=progress] label span').textContent()).toMatch(/^\d+ of 48 questions answered$/);
			const count = Number(/^(\d+)/.exec((await page.locator('[data-testid=progress] label span').textContent())!)![1]);
			expect(count).toBe(await answered(page));
			await page.screenshot({ path: `${SHOTS}/interrupted-run.png`, fullPage: true });

			await page.goto(`${app.server.url}/runs`);
			const row = page.getByTestId('runs-table').locator('tbody tr', { has: page.locator(`a[href="${runPath}"]`) });
			await expect.poll(() => row.getByTestId('run-row-status').textContent()).toBe(`paused (the page was closed) (${count}/48)`);

			await row.locator('a').click();
			await page.waitForURL(new RegExp(runPath));
			await page.getByRole('button', { name: 'Resume' }).click();
			await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 180_000 });
			expect(await answered(page)).toBe(48);
		} finally {
			await ctx.close();
			await api.close();
		}
	}, 300_000);

	it('asks for a cloud key that a reload forgot, says "no key in memory", and resumes once it is given', async () => {
		const KEY = 'sk-e2e-resume-secret';
		const api = await startOpenAiTestServer({ apiKey: KEY, cors: true, models: ['film-test'], pieceDelayMs: 30 });
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			await newCloudRun(page, api.url, KEY);

			// Test connection checks the endpoint, the key and the model, and creates no run.
			await page.getByTestId('test-connection').click();
			await expect.poll(() => page.getByTestId('connection-result').textContent()).toContain('serves film-test');
			// A long run with a key kept only in memory gets a warning; the quick one does not.
			expect(await page.getByTestId('key-warning').count()).toBe(0);
			await page.getByLabel('Paper replication').check();
			await expect.poll(() => page.getByTestId('key-warning').isVisible(), { timeout: 60_000 }).toBe(true);
			await page.getByLabel('Quick look').check();
			await expect.poll(() => page.getByTestId('key-warning').count()).toBe(0);
			const runs = await ctx.newPage();
			await runs.goto(`${app.server.url}/runs`);
			await expect.poll(() => runs.locator('main').textContent()).toContain('No runs yet');
			await runs.close();
			expect(api.requests.filter((r) => r.path !== '/v1/models' && r.method !== 'OPTIONS')).toEqual([]);

			await page.getByTestId('start-run').click();
			await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
			await expect.poll(() => answered(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
			await page.reload();

			const field = page.getByTestId('run-key');
			await expect.poll(() => field.textContent(), { timeout: 60_000 }).toContain('No API key in memory');
			await page.getByRole('button', { name: 'Resume' }).click();
			await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 60_000 }).toContain('no key in memory');
			expect(await page.getByRole('alert').textContent()).not.toContain('refused the API key');

			await field.getByLabel('API key for', { exact: false }).fill(KEY);
			await field.getByRole('button', { name: 'Use this key' }).click();
			await expect.poll(() => page.getByTestId('run-key').count()).toBe(0);
			await page.getByRole('button', { name: 'Resume' }).click();
			await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 180_000 });
			expect(await answered(page)).toBe(48);
			expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(KEY);
		} finally {
			await ctx.close();
			await api.close();
		}
	}, 300_000);
});
