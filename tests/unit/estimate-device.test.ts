// Estimates from the device: the speed check's kept figures, the committed measurements of a known device with its
// name, or "unknown"; the plan's own counts; the predictor's time; and the live line's prefill rate.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore } from 'idb-keyval';
import { readFileSync } from 'node:fs';
import { durationRange, estimateRun, predictShape } from '$lib/app/estimate';
import { loadKnownDevices, recordOfBenchFile } from '$lib/app/known-devices';
import { planShape } from '$lib/app/plan-shape';
import { createSpeedResultsStore, readSpeedRecord, speedModelOf, speedRecordOf, type SpeedRecord } from '$lib/app/speed-results';
import { chooseSpeedSource, isSoftwareAdapter, matchKnownDevice } from '$lib/app/speed-source';
import { presetSettings, type RunSettings } from '$lib/app/settings';
import { filmModel, PREBUILT_MODELS } from '$lib/engines/webllm/models';
import { predictRun } from '$lib/speed/predict';
import type { SpeedResult } from '$lib/speed/types';
import { syntheticPaperPlans, syntheticPlan } from '../helpers/synthetic-plan';
import { executeRun } from '$lib/runner/execute';
import { memorySink } from '$lib/runner/sink';
import { createOracleEngine } from '$lib/engines/oracle';
import { referenceAnswerer } from '$lib/tasks/registry';
import { initialProgress, progressRates, reduceProgress } from '$lib/runner/progress';
import type { WebGpuStatus } from '$lib/webgpu';

const adapter = (vendor: string, architecture: string, more: Partial<Extract<WebGpuStatus, { available: true }>> = {}): WebGpuStatus => ({
	available: true,
	vendor,
	architecture,
	description: '',
	shaderF16: false,
	maxBufferSize: 2 ** 32,
	maxStorageBufferBindingSize: 2 ** 31,
	isFallbackAdapter: false,
	...more
});
const film = filmModel('q4f32_1', 'https://example.com/film');
const bench = (f: string) => JSON.parse(readFileSync(`bench/results/${f}`, 'utf8')) as unknown;

describe('known devices', () => {
	it('reads the committed H100 measurements, both ladders and the batch phase', async () => {
		const [h100] = await loadKnownDevices();
		expect(h100.name).toMatch(/^NVIDIA H100/);
		expect(h100.records).toHaveLength(2);
		expect(h100.records.map((r) => r.rows.map((x) => x.n))).toEqual([[1024, 4096, 16384], [1024, 4096, 16384]]);
		expect(h100.records[0]).toMatchObject({ model: 'FILM-7B', quantization: 'q4f32_1', reusePath: 'chunk', adapter: { vendor: 'nvidia' } });
		expect(h100.records[0].batch).toMatchObject({ contextTokens: 16384, answerTokens: 20, B: 32 });
		expect(h100.records[0].batch!.perQuestionS.right).toBeLessThan(h100.records[0].batch!.perQuestionS.none!);
		expect(recordOfBenchFile({ result: { ok: false } })).toBeNull();
		expect(recordOfBenchFile(bench('h100-2026-11-25-run1-single-thread-weights.json'))?.batch).toBeNull();
	});

	it("times the paper's VaL plan on the H100 within the project's own prediction (4.1–19.8 h)", async () => {
		const [h100] = await loadKnownDevices();
		// The paper's shape: 12 contexts of ~32K, 9,400 questions of 40 tokens, answers of 20 (the README's plan).
		const shape = planShape(syntheticPaperPlans(32_000), () => 20);
		const one = predictShape(shape, h100.records, false)!;
		const batched = predictShape(shape, h100.records, true)!;
		expect(one.extrapolated).toBe(true);
		expect(one.lowS / 3600).toBeGreaterThan(14);
		expect(one.highS / 3600).toBeLessThan(20.5);
		expect(batched.lowS / 3600).toBeGreaterThan(3.5);
		expect(batched.highS / 3600).toBeLessThan(5.5);
		expect(batched.highS).toBeLessThan(one.lowS);
	});
});

describe('where the time comes from', () => {
	const stored = (vendor: string, model = 'FILM-7B'): SpeedRecord => ({
		schemaVersion: 1,
		adapter: { vendor, architecture: 'rdna-3', description: '' },
		model,
		quantization: 'q4f32_1',
		date: '2026-12-01T10:00:00.000Z',
		webllmVersion: '0.2.86',
		library: 'https://example.com/lib.wasm',
		rows: [{ n: 1024, prefillS: 1, prefillTokS: 1024, decodeSteps: 16, decodeS: 0.5, decodeTokS: 32, questionTokens: 60, questionChunkS: 0.1, questionDecodeS: 2, kvRestored: true }],
		reusePath: 'decode-steps',
		batch: null
	});

	it("prefers this browser's own speed check, then the closest known device by name, else says unknown", async () => {
		const known = await loadKnownDevices();
		const own = chooseSpeedSource({ gpu: adapter('amd', 'rdna-3'), model: film, stored: stored('amd'), known });
		expect(own).toMatchObject({ kind: 'browser' });
		expect(own.kind === 'browser' && own.label).toMatch(/^this browser's speed check \(FILM-7B q4f32_1, 2026-12-01/);
		const nvidia = chooseSpeedSource({ gpu: adapter('nvidia', 'ampere'), model: film, stored: null, known });
		expect(nvidia.kind === 'known' && nvidia.label).toMatch(/NVIDIA H100.*closest known device: same vendor \(nvidia\); its architecture was not reported/);
		const amd = chooseSpeedSource({ gpu: adapter('amd', 'rdna-3'), model: film, stored: null, known });
		expect(amd).toEqual({ kind: 'none', reason: 'no device the project measured matches this adapter (amd rdna-3)' });
		// A measured FILM-7B says nothing about a model of another architecture.
		const llama = PREBUILT_MODELS.find((m) => m.id.startsWith('Llama'))!;
		expect(chooseSpeedSource({ gpu: adapter('nvidia', ''), model: llama, stored: stored('nvidia'), known }).kind).toBe('none');
		// Mistral-7B-Instruct has FILM-7B's architecture: the same figures apply.
		const mistral = PREBUILT_MODELS.find((m) => m.id.startsWith('Mistral-7B'))!;
		expect(chooseSpeedSource({ gpu: adapter('nvidia', ''), model: mistral, stored: null, known }).kind).toBe('known');
		expect(chooseSpeedSource({ gpu: { available: false, reason: 'no adapter' }, model: film, stored: null, known })).toMatchObject({ kind: 'none', reason: /WebGPU is not available/ });
	});

	it('ranks an architecture match above a vendor match, and knows a software renderer', () => {
		const devices = [
			{ name: 'A', records: [{ ...stored('nvidia'), adapter: { vendor: 'nvidia', architecture: 'hopper', description: '' } }] },
			{ name: 'B', records: [{ ...stored('nvidia'), adapter: { vendor: 'NVIDIA', architecture: 'ampere', description: '' } }] }
		];
		expect(matchKnownDevice(adapter('nvidia', 'ampere'), devices)).toMatchObject({ device: { name: 'B' }, how: 'same vendor and architecture (nvidia ampere)' });
		expect(matchKnownDevice(adapter('nvidia', 'ada'), devices)?.how).toBe('same vendor (nvidia); its architecture is hopper, this one ada');
		expect(matchKnownDevice(adapter('', ''), devices)).toBeNull();
		expect(isSoftwareAdapter(adapter('google', 'swiftshader'))).toBe(true);
		expect(isSoftwareAdapter(adapter('mesa', '', { description: 'llvmpipe (LLVM 15)' }))).toBe(true);
		expect(isSoftwareAdapter(adapter('nvidia', 'ampere', { isFallbackAdapter: true }))).toBe(true);
		expect(isSoftwareAdapter(adapter('nvidia', 'ampere'))).toBe(false);
	});

	it('warns on a software adapter that a 7B model is not practical, and asks for the speed check', () => {
		const s: RunSettings = { ...presetSettings('paper'), engine: { kind: 'webllm', modelId: film.id, contextWindow: 32768 } };
		const e = estimateRun(s, planShape(syntheticPaperPlans(), () => 20), { model: film, gpu: adapter('google', 'swiftshader'), speed: { kind: 'none', reason: 'no device matches' } });
		expect(e.warning).toMatch(/software renderer \(google swiftshader\).*7B model is not practical here/);
		expect(e.time).toBeNull();
		expect(e.questions).toBe(9400);
		expect(e.suggestSpeedCheck).toBe(true);
	});

	it('times each context at its own length with the device’s reuse path', () => {
		const record = stored('amd');
		const shape = planShape([syntheticPlan({ sets: 2, positions: 10, prefixTokens: 2000, suffixTokens: 30, maxNewTokens: 64 })], () => 12);
		const p = predictShape(shape, [record], true)!;
		const each = predictRun(record.rows, { contexts: 1, contextTokens: 2000, questions: 10, questionTokens: 30, answerTokens: 12 }).paths.find((x) => x.path === 'decode-steps')!.totalS;
		expect(p.lowS).toBeCloseTo(2 * each, 6);
		expect(p.how).toMatch(/decode steps.*batched answering was not measured there/);
		expect(p.extrapolated).toBe(true);
	});

	it('reads a range at a glance', () => {
		expect(durationRange(4.1 * 3600, 4.9 * 3600)).toBe('about 4.1–4.9 h');
		expect(durationRange(42, 42)).toBe('about 42 s');
		expect(durationRange(90, 4000)).toBe('about 90 s – 66.7 min');
	});
});

describe('kept speed-check figures', () => {
	const result = (): SpeedResult => JSON.parse(JSON.stringify((bench('h100-2026-11-25.json') as { result: SpeedResult }).result));

	it('keeps a successful check per adapter and model, and finds it again for either quantization', async () => {
		const store = createSpeedResultsStore(createStore(`speed-${Date.now()}`, 'results'));
		const record = speedRecordOf(result(), 'FILM-7B')!;
		expect(record).toMatchObject({ model: 'FILM-7B', quantization: 'q4f32_1', reusePath: 'chunk', batch: null });
		await store.put(record);
		const id = { vendor: 'nvidia', architecture: '', description: '' };
		expect(await store.find(id, 'FILM-7B', 'q4f32_1')).toEqual(record);
		expect(await store.find(id, 'FILM-7B', 'q4f16_1')).toEqual(record);
		expect(await store.find({ ...id, vendor: 'amd' }, 'FILM-7B', 'q4f32_1')).toBeNull();
		expect(speedModelOf('FILM-7B-q4f16_1-MLC')).toBe('FILM-7B');
		expect(speedModelOf('Llama-3.1-8B-Instruct-q4f32_1-MLC')).toBe('Llama-3.1-8B-Instruct');
	});

	it('keeps nothing from a failed check, and trusts no stored value it cannot check', () => {
		expect(speedRecordOf({ ...result(), ok: false }, 'FILM-7B')).toBeNull();
		const good = speedRecordOf(result(), 'FILM-7B')!;
		expect(readSpeedRecord(good)).toEqual(good);
		expect(readSpeedRecord({ ...good, schemaVersion: 2 })).toBeNull();
		expect(readSpeedRecord({ ...good, rows: [{ ...good.rows[0], decodeSteps: 0 }] })).toBeNull();
		expect(readSpeedRecord({ ...good, reusePath: 'teleport' })).toBeNull();
		expect(readSpeedRecord('{"rows": []}')).toBeNull();
	});
});

describe('the live line', () => {
	it('shows no prefill rate for an engine that measured none (the reference)', async () => {
		let progress = initialProgress;
		const plan = syntheticPlan({ sets: 1, positions: 20, prefixTokens: 500, suffixTokens: 20 });
		await executeRun({ runId: 'r', plans: [plan], engine: createOracleEngine(referenceAnswerer([plan])), sink: memorySink(), onEvent: (e) => (progress = reduceProgress(progress, e)) });
		expect(progress.done).toBe(20);
		expect(progress.prefilledTokens).toBeGreaterThan(0);
		const rates = progressRates(progress);
		expect(rates.prefillTokensPerS).toBeNull();
		expect(rates.timeLeftMs).toBe(0);
	});

	it('still rates prefill from engines that measure it, and times the rest from time to first token', () => {
		let s = reduceProgress(initialProgress, { type: 'start', at: 0, tasks: { document: { done: 0, total: 4 } }, prefixReuse: false, plannedPrefillTokens: 4000 });
		s = reduceProgress(s, { type: 'answer', at: 1000, task: 'document', probeId: 'a', score: 1, prefillTokens: 1000, completionTokens: 10, ttftMs: 500, totalMs: 1000, path: 'http', prefillMeasured: false });
		expect(progressRates(s).prefillTokensPerS).toBeNull();
		// Three answers left at this one's 0.5 s to first token and 0.5 s of decoding.
		expect(progressRates(s).timeLeftMs).toBeCloseTo(3000, 6);
		s = reduceProgress(s, { type: 'answer', at: 2000, task: 'document', probeId: 'b', score: 1, prefillTokens: 1000, completionTokens: 10, ttftMs: 250, totalMs: 750, path: 'local' });
		expect(progressRates(s).prefillTokensPerS).toBeCloseTo(4000, 6);
	});
});
