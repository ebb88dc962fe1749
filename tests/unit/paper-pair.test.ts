// Issue 17, point 6: the paper replication offers FILM-7B and its baseline side by side — each as this browser can
// run it, at one quantization — and starts one run per model, chained so the second follows the first and the
// compare page shows both.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { pairSettings, paperPair } from '$lib/app/paper-pair';
import { chainStartHref, compareHref, nextRunHref, runChainOf } from '$lib/app/run-chain';
import { NewRunState } from '$lib/app/new-run-page.svelte';
import { convertedCatalog } from '$lib/app/converted-catalog';
import { presetSettings } from '$lib/app/settings';
import type { ConvertedModel } from '$lib/convert/record';
import { createRunStore } from '$lib/store/run-store';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import type { WebGpuStatus } from '$lib/webgpu';
import { createFakeEngine } from '../fakes/fake-engine';
import { convertedRecord } from '../helpers/convert/converted-record';

const gpu = (shaderF16: boolean): WebGpuStatus => ({
	available: true, vendor: 'nvidia', architecture: 'hopper', description: '', shaderF16, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31, isFallbackAdapter: false
});
const film16 = () => convertedRecord({ modelId: 'FILM-7B-q4f16_1-converted', target: 'q4f16_1' });
const film32 = () => convertedRecord();
const base32 = () => convertedRecord({ modelId: 'Mistral-7B-Instruct-v0.2-q4f32_1-converted', label: 'Mistral-7B-Instruct-v0.2', source: { ...convertedRecord().source, location: 'mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC', format: 'mlc' } });

describe('the pair', () => {
	it('with 16-bit shaders: FILM-7B converted to q4f16_1 beside web-llm’s own q4f16_1 baseline', () => {
		const before = paperPair(gpu(true), []);
		expect(before.film).toMatchObject({ status: 'convert', modelId: null, note: expect.stringMatching(/convert it \(q4f16_1\) on the Models page/) });
		expect(before.baseline).toMatchObject({ status: 'download', modelId: 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC' });
		expect(before.ready).toBe(false);
		// A q4f32_1 FILM-7B is not the pair's: both sides run at one quantization.
		expect(paperPair(gpu(true), [film32()]).ready).toBe(false);
		const after = paperPair(gpu(true), [film16()]);
		expect(after.film).toMatchObject({ status: 'ready', modelId: 'FILM-7B-q4f16_1-converted', note: 'converted here from In2Training/FILM-7B on 2026-12-01 (q4f16_1)' });
		expect(after.ready).toBe(true);
	});

	it('without them: both converted to q4f32_1, each offered once it is in this browser', () => {
		expect(paperPair(gpu(false), [film32()])).toMatchObject({ film: { status: 'ready' }, baseline: { status: 'convert' }, ready: false });
		const both = paperPair(gpu(false), [film32(), base32()]);
		expect(both).toMatchObject({
			film: { status: 'ready', modelId: 'FILM-7B-q4f32_1-converted' },
			baseline: { status: 'ready', modelId: 'Mistral-7B-Instruct-v0.2-q4f32_1-converted', note: expect.stringContaining('mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC') },
			ready: true
		});
		expect(paperPair(null, []).baseline.status).toBe('convert');
	});

	it('gives each run the same tasks and options, its own model at 32K, and its own name', () => {
		const s = presetSettings('paper');
		s.name = 'Replication';
		const [a, b] = pairSettings(paperPair(gpu(false), [film32(), base32()]), s);
		expect(a.engine).toEqual({ kind: 'webllm', modelId: 'FILM-7B-q4f32_1-converted', contextWindow: 32768, batch: true });
		expect(b.engine).toEqual({ kind: 'webllm', modelId: 'Mistral-7B-Instruct-v0.2-q4f32_1-converted', contextWindow: 32768, batch: true });
		expect([a.name, b.name]).toEqual(['Replication · FILM-7B', 'Replication · Mistral-7B-Instruct-v0.2 (baseline)']);
		expect({ ...a, engine: null, name: null }).toEqual({ ...b, engine: null, name: null });
		expect({ ...a, engine: null, name: null }).toEqual({ ...s, engine: null, name: null });
	});
});

describe('the chain of runs', () => {
	it('opens the second run when the first finishes, then offers the comparison of both', () => {
		const start = new URL(chainStartHref(['rA', 'rB']), 'https://app.example');
		expect(start.pathname).toBe('/run/rA');
		const first = runChainOf(start.searchParams);
		expect(first).toEqual({ then: 'rB', compare: ['rA'] });
		const next = new URL(nextRunHref(first, 'rA')!, 'https://app.example');
		expect(next.pathname + next.search).toBe('/run/rB?compare=rA,rB');
		const second = runChainOf(next.searchParams);
		expect(nextRunHref(second, 'rB')).toBeNull();
		expect(compareHref(second, 'rB')).toBe('/compare?runs=rA,rB');
		expect(compareHref(first, 'rA')).toBeNull();
		// Nothing but run ids passes through a link.
		expect(runChainOf(new URLSearchParams('then=../x&compare=a,<b>,c'))).toEqual({ then: null, compare: ['a', 'c'] });
	});
});

describe('starting both runs from the new-run page', () => {
	function page(models: ConvertedModel[]) {
		const made: string[] = [];
		const store = createRunStore(`pair-${Date.now()}-${Math.random()}`);
		const st = new NewRunState(
			{
				store,
				plans: { pools: nodePools, tokenizer: nodeMistralTokenizer },
				engines: {
					webllm: async (c) => {
						made.push(c.modelId);
						const e = createFakeEngine();
						return Object.assign(e, { info: { ...e.info, kind: 'webllm' as const, modelId: c.modelId, label: c.modelId, quantization: 'q4f32_1' } });
					}
				},
				catalog: async () =>
					convertedCatalog({ store: { listModels: async () => ({ models, problems: [] }), getModel: async (id) => models.find((m) => m.modelId === id) ?? null }, missing: async () => [] })
			},
			{ gpu: async () => gpu(false), stored: async () => null, known: async () => [] }
		);
		return { st, store, made };
	}

	it('creates one run per model with the same plans, FILM-7B first, each carrying its own weights', async () => {
		const { st, store, made } = page([film32(), base32()]);
		await Promise.all([st.loadDevice(), st.loadConverted()]);
		st.applyPreset('paper');
		// Small enough to build here; the pair does not depend on the sizes.
		Object.assign(st.settings, { tasks: ['code'], positions: 2, contextTokens: 2048, sets: 1 });
		expect(st.pair.ready).toBe(true);
		const ids = await st.startPair();
		expect(ids).not.toBeNull();
		expect(made).toEqual(['FILM-7B-q4f32_1-converted', 'Mistral-7B-Instruct-v0.2-q4f32_1-converted']);
		const [a, b] = await Promise.all(ids!.map((id) => store.getRun(id)));
		if (!a?.ok || !b?.ok) throw new Error('runs not stored');
		expect(a.record.engine.settings.modelId).toBe('FILM-7B-q4f32_1-converted');
		expect(b.record.engine.settings.modelId).toBe('Mistral-7B-Instruct-v0.2-q4f32_1-converted');
		expect(a.record.tasks.map((t) => t.planDigest)).toEqual(b.record.tasks.map((t) => t.planDigest));
		expect(a.record.provenance.weights?.source.location).toBe('In2Training/FILM-7B');
		expect(b.record.provenance.weights?.source.location).toBe('mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC');
	});

	it('starts nothing while a model of the pair is missing', async () => {
		const { st, made } = page([film32()]);
		await Promise.all([st.loadDevice(), st.loadConverted()]);
		st.applyPreset('paper');
		expect(st.pair.baseline.status).toBe('convert');
		expect(await st.startPair()).toBeNull();
		expect(made).toEqual([]);
	});
});
