// End-to-end (issue 18, point 1): estimates that come from the device. New run → WebLLM → FILM-7B paper
// replication on this headless Chromium (a software adapter), on a browser whose adapter reports NVIDIA (the
// H100's committed figures), and after a speed check was kept in this browser; /speed in the navigation, saying
// what it fetches; and the live line without a made-up prefill rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { axe, openApp, SHOTS, startQuickLook, type App } from './helpers';
import { plansForSettings } from '$lib/app/plans';
import { presetSettings, type RunSettings } from '$lib/app/settings';
import { planShape, sampledAnswerTokens } from '$lib/app/plan-shape';
import { durationRange, estimateRun } from '$lib/app/estimate';
import { loadKnownDevices } from '$lib/app/known-devices';
import { chooseSpeedSource, type SpeedSource } from '$lib/app/speed-source';
import type { WebGpuStatus } from '$lib/webgpu';
import { speedKey, SPEED_RESULTS_DB, type SpeedRecord } from '$lib/app/speed-results';
import { expectedAnswer } from '$lib/tasks/registry';
import { filmModel } from '$lib/engines/webllm/models';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';

let app: App;

beforeAll(async () => {
	// WebGPU on: this machine has no GPU, so Chromium offers its software adapter (SwiftShader).
	app = await openApp({ webgpu: true });
}, 120_000);

afterAll(async () => {
	await app?.close();
});

const film = filmModel('q4f32_1', '');

/** The estimate's time as Node computes it for the same settings, plans and figures. */
async function expectedTime(s: RunSettings, speed: SpeedSource, gpu: WebGpuStatus | null) {
	const tok = await nodeMistralTokenizer();
	const plans = await plansForSettings(s, { pools: nodePools, tokenizer: nodeMistralTokenizer });
	const shape = planShape(plans, sampledAnswerTokens(plans, (p) => tok.encode(expectedAnswer(p.gold) ?? '').length + 1));
	const e = estimateRun(s, shape, { model: film, speed, gpu });
	return durationRange(e.time!.lowS, e.time!.highS);
}

async function paperOnWebllm(page: Page) {
	await page.goto(`${app.server.url}/run/new?preset=paper`);
	await page.getByLabel('A model on this GPU (WebLLM)', { exact: false }).check();
	const estimate = page.getByTestId('estimate');
	await expect.poll(() => estimate.textContent(), { timeout: 120_000 }).toContain('9,400 over 12 contexts');
	return estimate;
}

describe('estimates from the device', () => {
	it('on a software adapter: counts the plan, warns, and says the time is unknown until the speed check runs', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		const estimate = await paperOnWebllm(page);
		const text = (await estimate.textContent()) ?? '';
		expect(text).not.toMatch(/2 h 11 min|2,000 prefill/);
		expect(await page.getByTestId('estimate-time').textContent()).toContain('unknown — run the speed check');
		expect(await page.getByTestId('estimate-warning').textContent()).toMatch(/software renderer .*A 7B model is not practical here/);
		expect(await page.getByTestId('estimate-source').textContent()).toMatch(/no device the project measured matches this adapter/);
		const link = estimate.getByRole('link', { name: 'Run the speed check' });
		expect(await link.getAttribute('href')).toBe('/speed?model=FILM-7B');
		await page.screenshot({ path: `${SHOTS}/estimate-software.png`, fullPage: true });
		expect(await axe(page)).toEqual([]);
		await ctx.close();
	}, 300_000);

	it("on an NVIDIA adapter: times the plan from the H100's committed figures and names the device", async () => {
		const ctx = await app.newContext();
		// This Chromium's adapter, reporting itself as an NVIDIA one (the only change: its info).
		await ctx.addInitScript(() => {
			const gpu = (navigator as unknown as { gpu?: { requestAdapter: (o?: unknown) => Promise<object | null> } }).gpu;
			if (!gpu) return;
			const request = gpu.requestAdapter.bind(gpu);
			gpu.requestAdapter = async (o) => {
				const a = await request(o);
				const info = { vendor: 'nvidia', architecture: 'hopper', description: '', isFallbackAdapter: false };
				return a && new Proxy(a, { get: (t, k) => (k === 'info' ? info : k === 'isFallbackAdapter' ? false : Reflect.get(t, k, t)) });
			};
		});
		const page = await ctx.newPage();
		await paperOnWebllm(page);
		const time = page.getByTestId('estimate-time');
		await expect.poll(() => time.textContent(), { timeout: 60_000 }).toMatch(/^\s*about /);
		const s: RunSettings = { ...presetSettings('paper'), engine: { kind: 'webllm', modelId: film.id, contextWindow: 32768 } };
		const gpu = { available: true as const, vendor: 'nvidia', architecture: 'hopper', description: '', shaderF16: false, maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31, isFallbackAdapter: false };
		const speed = chooseSpeedSource({ gpu, model: film, stored: null, known: await loadKnownDevices() });
		expect((await time.textContent())?.trim()).toBe(await expectedTime(s, speed, gpu));
		expect(await page.getByTestId('estimate-source').textContent()).toMatch(/NVIDIA H100 .*closest known device: same vendor \(nvidia\)/);
		expect(await page.getByTestId('estimate').textContent()).toMatch(/Extrapolated/);
		expect(await page.getByTestId('estimate-warning').count()).toBe(0);
		// One question at a time is slower than batched, and the estimate says so.
		const batched = (await time.textContent())!.trim();
		await page.getByLabel(/Answer each context's questions together/).uncheck();
		await expect.poll(() => time.textContent()).not.toBe(batched);
		expect((await time.textContent())?.trim()).toBe(await expectedTime({ ...s, engine: { ...s.engine, batch: false } as RunSettings['engine'] }, speed, gpu));
		await page.screenshot({ path: `${SHOTS}/estimate-nvidia.png`, fullPage: true });
		await ctx.close();
	}, 300_000);

	it("after a speed check kept in this browser: times the plan with this browser's own figures", async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await page.goto(`${app.server.url}/speed`);
		const adapter = await page.evaluate(async () => {
			const a = await (navigator as unknown as { gpu: { requestAdapter: (o: object) => Promise<{ info: { vendor: string; architecture: string; description: string } }> } }).gpu.requestAdapter({ powerPreference: 'high-performance' });
			return { vendor: a.info.vendor ?? '', architecture: a.info.architecture ?? '', description: a.info.description ?? '' };
		});
		const record: SpeedRecord = {
			schemaVersion: 1,
			adapter,
			model: 'FILM-7B',
			quantization: 'q4f32_1',
			date: '2026-12-01T10:00:00.000Z',
			webllmVersion: '0.2.86',
			library: 'https://example.com/lib.wasm',
			rows: [1024, 8192].map((n) => ({ n, prefillS: n / 400, prefillTokS: 400, decodeSteps: 16, decodeS: 16 / 12, decodeTokS: 12, questionTokens: 60, questionChunkS: 0.3, questionDecodeS: 5, kvRestored: true })),
			reusePath: 'chunk',
			batch: null
		};
		// What the speed page keeps when a check succeeds (app/speed-results.ts), written as idb-keyval writes it.
		await page.evaluate(
			([db, key, value]) =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open(db as string);
					open.onupgradeneeded = () => open.result.createObjectStore('results');
					open.onsuccess = () => {
						const tx = open.result.transaction('results', 'readwrite');
						tx.objectStore('results').put(value, key as string);
						tx.oncomplete = () => (open.result.close(), resolve());
						tx.onerror = () => reject(tx.error);
					};
					open.onerror = () => reject(open.error);
				}),
			[SPEED_RESULTS_DB, speedKey(adapter, 'FILM-7B', 'q4f32_1'), record] as const
		);
		await page.goto(`${app.server.url}/run/new?preset=quick`);
		await page.getByLabel('A model on this GPU (WebLLM)', { exact: false }).check();
		const time = page.getByTestId('estimate-time');
		await expect.poll(() => time.textContent(), { timeout: 120_000 }).toMatch(/^\s*about /);
		expect(await page.getByTestId('estimate-source').textContent()).toMatch(/^\s*this browser's speed check \(FILM-7B q4f32_1, 2026-12-01/);
		const s: RunSettings = { ...presetSettings('quick'), engine: { kind: 'webllm', modelId: film.id, contextWindow: 8192 } };
		expect((await time.textContent())?.trim()).toBe(await expectedTime(s, { kind: 'browser', records: [record], label: '' }, null));
		// Still a software adapter: the warning stays.
		expect(await page.getByTestId('estimate-warning').count()).toBe(1);
		await ctx.close();
	}, 300_000);

	it('has /speed in the navigation, saying which library it fetches and from where', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await page.goto(`${app.server.url}/`);
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Speed' }).click();
		await page.waitForURL(/\/speed$/);
		const library = page.getByTestId('speed-library');
		await expect.poll(() => library.textContent()).toMatch(/It fetches one file: the model library/);
		const text = (await library.textContent()) ?? '';
		expect(text).toMatch(/Mistral-7B-Instruct-v0\.3-q4f32_1[\w-]*\.wasm from raw\.githubusercontent\.com/);
		expect(text).toMatch(/No weights are downloaded/);
		expect(await page.getByRole('link', { name: 'New run' }).first().count()).toBe(1);
		expect(await axe(page)).toEqual([]);
		await ctx.close();
		// Saying which library it would fetch fetched nothing.
		expect(app.foreign([app.server.url])).toEqual([]);
	}, 120_000);

	it('shows no prefill rate on the live line for the reference, which measures none', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await startQuickLook(page, app.server.url);
		const line = (await page.getByTestId('progress').textContent()) ?? '';
		expect(line).toContain('48 of 48');
		expect(line).not.toMatch(/Prefill/);
		await ctx.close();
		expect(app.errors).toEqual([]);
	}, 300_000);
});
