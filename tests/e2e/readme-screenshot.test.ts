// The README's screenshot of a results page, taken from the built app: an endpoint that "forgets the middle" (the
// test server, tests/helpers/openai-server.ts) on two 8K contexts per task, every position asked. It is written to
// tests/output/screenshots/ on every run, and into the tracked docs/screenshots/results-page.png when
// README_SCREENSHOT=1 (or when that file is missing), so a test run leaves the working tree as it found it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { startOpenAiTestServer } from '../helpers/openai-server';
import { openApp, SHOTS, type App } from './helpers';

const TRACKED = 'docs/screenshots/results-page.png';

let app: App;
beforeAll(async () => {
	app = await openApp();
}, 120_000);
afterAll(async () => {
	await app?.close();
});

describe('the README screenshot', () => {
	it('shows a finished results page: the notes, the charts beside the paper, the table', async () => {
		const api = await startOpenAiTestServer({ cors: true, models: ['film-test'], forgetMiddle: { from: 0.1, to: 0.9, probability: 0.7, seed: 7 } });
		const ctx = await app.browser.newContext({ viewport: { width: 960, height: 900 } });
		try {
			const page = await ctx.newPage();
			const q = new URLSearchParams({
				preset: 'custom',
				name: 'Stand-in endpoint that forgets the middle',
				tasks: 'document,code,database',
				engine: 'openai',
				endpoint: api.url,
				model: 'film-test',
				window: '32768',
				sets: '2',
				positions: 'all',
				ctx: '8192',
				seed: '0'
			});
			await page.goto(`${app.server.url}/run/new?${q}`);
			await expect.poll(() => page.getByTestId('estimate').textContent(), { timeout: 60_000 }).toMatch(/over 6 contexts/);
			await page.getByTestId('start-run').click();
			await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
			await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent === 'complete', null, { timeout: 280_000 });
			await expect.poll(() => page.locator('svg[data-chart=position]').count()).toBe(3);
			// From the top of the page to the end of the second chart: notes, progress, two charts with the paper.
			const second = await page.locator('figure.chart').nth(1).boundingBox();
			const out = `${SHOTS}/results-page.png`;
			await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 960, height: Math.ceil(second!.y + second!.height) } });
			if (process.env.README_SCREENSHOT === '1' || !existsSync(TRACKED)) {
				mkdirSync('docs/screenshots', { recursive: true });
				copyFileSync(out, TRACKED);
			}
			expect(statSync(TRACKED).size).toBeLessThan(300 * 1024);
			expect(statSync(out).size).toBeLessThan(300 * 1024);
		} finally {
			await ctx.close();
			await api.close();
		}
	}, 300_000);
});
