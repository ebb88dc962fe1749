// Issue 17, point 6, in the built app: the paper replication shows FILM-7B and its baseline side by side, each as
// this browser can run it ("convert first" with the way to the Models page, or ready once converted), and runs made
// as a pair link on to each other and to the compare page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHfServer, type HfServer } from '../helpers/hf-server';
import { startOpenAiTestServer } from '../helpers/openai-server';
import { HUB_REPOS, libraryPath, writeHubModels } from '../helpers/convert/hub-models';
import { openApp, runPreset, type App } from './helpers';

let app: App;
let root: string;
let hub: HfServer;

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'e2e-pair-'));
	await writeHubModels(root, { shards: 1 });
	hub = await startHfServer({ root });
	app = await openApp();
}, 300_000);
afterAll(async () => {
	await app?.close();
	await hub?.close();
	if (root) await rm(root, { recursive: true, force: true });
});

describe('the paper replication, FILM-7B beside its baseline', () => {
	it('says what each model needs here, and counts a converted FILM-7B as ready', async () => {
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			await page.goto(`${app.server.url}/run/new?preset=paper`);
			const pair = page.getByTestId('paper-pair');
			// This browser has no WebGPU, so no 16-bit shaders: both models are converted to q4f32_1.
			await expect.poll(() => pair.getByTestId('pair-film').getAttribute('data-status')).toBe('convert');
			expect(await pair.getByTestId('pair-baseline').getAttribute('data-status')).toBe('convert');
			expect(await pair.getByTestId('pair-film').textContent()).toContain('convert it (q4f32_1) on the Models page');
			expect(await pair.getByTestId('pair-film').getByRole('link', { name: 'Models' }).getAttribute('href')).toBe('/models');
			expect(await page.getByTestId('start-pair').isDisabled()).toBe(true);

			// A model converted under FILM-7B's name (here a tiny stand-in) is the pair's FILM-7B.
			await page.goto(`${app.server.url}/models?hub=${encodeURIComponent(hub.url)}`);
			await page.getByTestId('advanced').locator('summary').click();
			await page.getByLabel('Repository (owner/name or URL)').fill(HUB_REPOS.mistral);
			await page.getByLabel('Quantization').selectOption('q4f32_1');
			await page.getByLabel('Model library URL').fill(`${hub.url}/${libraryPath('q4f32_1')}`);
			await page.getByLabel('Name', { exact: true }).fill('FILM-7B');
			await page.getByTestId('inspect-advanced').click();
			await page.getByTestId('convert-start').click();
			await expect.poll(() => page.getByTestId('conversion').getAttribute('data-phase'), { timeout: 120_000 }).toBe('done');
			await expect.poll(() => page.getByTestId('preset-film').textContent()).toContain('ready for runs');

			await page.goto(`${app.server.url}/run/new?preset=paper`);
			await expect.poll(() => pair.getByTestId('pair-film').getAttribute('data-status')).toBe('ready');
			expect(await pair.getByTestId('pair-film').textContent()).toContain(`converted here from ${HUB_REPOS.mistral}`);
			expect(await pair.getByTestId('pair-baseline').getAttribute('data-status')).toBe('convert');
			expect(await page.getByTestId('start-pair').isDisabled()).toBe(true);

			await page.goto(`${app.server.url}/models`);
			await page.locator('[data-testid=converted-model][data-model="FILM-7B-q4f32_1-converted"]').getByRole('button', { name: 'Delete FILM-7B' }).click();
			await expect.poll(() => page.locator('[data-testid=converted-model]').count()).toBe(0);
			expect(app.errors).toEqual([]);
		} finally {
			await ctx.close();
		}
	}, 300_000);

	it('links a pair’s first run on to the second, and the second to the comparison of both', async () => {
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			const a = (await runPreset(page, app.server.url, 'quick', 'Pair A')).split('/').pop()!;
			const b = (await runPreset(page, app.server.url, 'quick', 'Pair B')).split('/').pop()!;
			await page.goto(`${app.server.url}/run/${a}?then=${b}&compare=${a}`);
			const next = page.getByTestId('run-next');
			await expect.poll(() => next.textContent()).toContain('Done.');
			await next.getByRole('link', { name: 'Open the next run' }).click();
			await page.waitForURL(new RegExp(`/run/${b}\\?compare=${a},${b}$`));
			await page.getByTestId('run-compare').getByRole('link').click();
			await page.waitForURL(new RegExp(`/compare\\?runs=${a},${b}$`));
			await expect.poll(() => page.getByRole('checkbox', { name: /^Pair A/ }).isChecked()).toBe(true);
			expect(await page.getByRole('checkbox', { name: /^Pair B/ }).isChecked()).toBe(true);
		} finally {
			await ctx.close();
		}
	}, 300_000);

	it('opens the second run by itself when the first finishes on its page', async () => {
		// The first run answers slowly through an endpoint, so it is still going when its page is opened as a pair's.
		const api = await startOpenAiTestServer({ cors: true, models: ['film-test'], pieceDelayMs: 30 });
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			const b = (await runPreset(page, app.server.url, 'quick', 'Second')).split('/').pop()!;
			await page.goto(`${app.server.url}/run/new?preset=quick`);
			await page.getByLabel('An OpenAI-compatible endpoint', { exact: false }).check();
			await page.getByLabel('Endpoint URL').fill(api.url);
			await page.getByLabel('Model', { exact: true }).fill('film-test');
			await page.getByLabel('Name (optional)').fill('First');
			await page.getByTestId('start-run').click();
			await page.waitForURL(/\/run\/r[\w-]+$/, { timeout: 120_000 });
			const a = new URL(page.url()).pathname.split('/').pop()!;
			await expect.poll(async () => Number(await page.getByTestId('run-status').getAttribute('data-answers')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
			await page.goto(`${app.server.url}/run/${a}?then=${b}&compare=${a}`);
			await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('paused (the page was closed)');
			expect(await page.getByTestId('run-next').textContent()).toContain('When this run finishes, the next run of the pair opens and starts.');
			await page.getByRole('button', { name: 'Resume' }).click();
			await page.waitForURL(new RegExp(`/run/${b}\\?compare=${a},${b}$`), { timeout: 180_000 });
			await expect.poll(() => page.getByTestId('run-compare').getByRole('link').getAttribute('href')).toBe(`/compare?runs=${a},${b}`);
		} finally {
			await ctx.close();
			await api.close();
		}
	}, 300_000);
});
