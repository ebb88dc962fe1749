// End-to-end: the key–value task, which only its own folder and the registry name, in the built app — picked in
// the task picker, run with the reference, drawn as a position chart, exported, and carried by a share link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { axe, openApp, SHOTS, type App } from './helpers';

let app: App;

beforeAll(async () => {
	app = await openApp();
}, 120_000);

afterAll(async () => {
	await app?.close();
});

describe('key–value retrieval in the app', () => {
	it('is picked, run with the reference at 100 %, exported and shared', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await page.goto(`${app.server.url}/run/new?preset=quick`);
		// Only the key–value task, from the picker itself.
		const picker = page.getByRole('group', { name: 'Tasks' });
		for (const name of [/^Document/, /^Code/, /^Database/]) await picker.getByRole('checkbox', { name }).uncheck();
		await picker.getByRole('checkbox', { name: /^Key–value retrieval/ }).check();
		await page.getByLabel('Context length (tokens)').fill('4096');
		await expect.poll(() => page.getByTestId('estimate').textContent(), { timeout: 60_000 }).toMatch(/Questions\s*16 over 1 contexts/);

		// The share link carries the task and brings the same settings back in a fresh page.
		await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.getByRole('button', { name: 'Copy a link to these settings' }).click();
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(new URL(link).searchParams.get('tasks')).toBe('kv');
		const shared = await ctx.newPage();
		await shared.goto(link);
		await expect.poll(() => shared.getByRole('checkbox', { name: /^Key–value retrieval/ }).isChecked()).toBe(true);
		expect(await shared.getByRole('checkbox', { name: /^Document/ }).isChecked()).toBe(false);
		expect(await shared.getByLabel('Context length (tokens)').inputValue()).toBe('4096');
		await shared.close();

		await page.getByTestId('start-run').click();
		await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
		await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 120_000 });
		expect(await page.getByTestId('progress').textContent()).toContain('16 of 16');
		const chart = page.locator('svg[data-chart=position]');
		await expect.poll(() => chart.count()).toBe(1);
		expect(await page.getByText(/^Key–value retrieval .*: accuracy by position$/).count()).toBeGreaterThan(0);
		// Every bucket of the chart's data table at 100 %.
		const means = await page.locator('.data-table table').first().locator('tbody tr td:nth-child(4)').allTextContents();
		expect(means.length).toBeGreaterThan(0);
		for (const m of means) expect(m).toMatch(/^100(\.0)?$/);
		await page.screenshot({ path: `${SHOTS}/kv-results.png`, fullPage: true });

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Answers (CSV)' }).click()]);
		const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
		expect(csv).toHaveLength(17);
		const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;
		for (const row of csv.slice(1)) {
			const value = uuid.exec(row.split(',')[8])?.[0];
			expect(value).toBeDefined();
			expect(row.split(',')[9]).toBe(value);
		}
		expect(await axe(page)).toEqual([]);
		await ctx.close();
		expect(app.errors).toEqual([]);
	}, 300_000);
});
