// End-to-end (issue 18, point 3): the reference on long-document QA. Home → "Long-document QA" → the estimate counts
// the demo set's questions (not 1,800) → the reference run draws the ideal line: 100 on every dataset it covers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, SHOTS, type App } from './helpers';

let app: App;

beforeAll(async () => {
	app = await openApp();
}, 120_000);

afterAll(async () => {
	await app?.close();
});

describe('the reference on long-document QA', () => {
	it('counts the 16 demo questions and answers each with its gold, scoring 100', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await page.goto(`${app.server.url}/`);
		await page.getByRole('link', { name: 'Long-document QA' }).click();
		await page.waitForURL(/\/run\/new\?preset=longdoc/);
		const estimate = page.getByTestId('estimate');
		await expect.poll(() => estimate.textContent(), { timeout: 120_000 }).toMatch(/Questions\s*16 over \d+ contexts/);
		expect(await estimate.textContent()).not.toContain('1,800');
		expect(await page.getByLabel('Perfect-retrieval reference', { exact: false }).isChecked()).toBe(true);

		await page.getByTestId('start-run').click();
		await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
		await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 180_000 });
		const results = page.getByTestId('longbench-results');
		const runRow = (await results.locator('tr.run td').allTextContents()).filter((c) => c !== '–');
		// Every dataset of the demo set answered with its gold: QA F1 and the summary's ROUGE-L at 100, and the average.
		expect(runRow.length).toBeGreaterThanOrEqual(5);
		for (const cell of runRow) expect(cell).toMatch(/^100\.0\*?$/);
		expect(await results.locator('caption').first().textContent()).toContain('100.00 on average');
		await page.screenshot({ path: `${SHOTS}/longbench-reference.png`, fullPage: true });
		await ctx.close();
		expect(app.errors).toEqual([]);
	}, 300_000);
});
