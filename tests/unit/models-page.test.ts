// Issue 17, points 3, 4 and 6: the Models page's state over a fake converter — presets and the advanced form to
// inspect, confirm and convert with progress; Cancel; errors with Resume or a token; conversions in progress resumed
// or deleted; converted models deleted cache first; the cache manager's labels.
import { describe, expect, it } from 'vitest';
import { ModelsPageState, jobContextOf, type ModelsPageDeps } from '$lib/app/models-page.svelte';
import { filmJob } from '$lib/app/model-presets';
import type { Conversion } from '$lib/convert/browser/client';
import type { ConvertJob, JobSummary } from '$lib/convert/browser/protocol';
import type { ConvertedModel } from '$lib/convert/record';
import type { ConvertProgress } from '$lib/convert/run/progress';
import { CONVERSION_STATE_VERSION, type ConversionState } from '$lib/convert/run/state';
import { convertedBaseUrl } from '$lib/convert/run/prepare';
import { ConvertError } from '$lib/convert/types';
import { mistralLibrary } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';
import { convertedRecord } from '../helpers/convert/converted-record';

const NO_F16: WebGpuStatus = { available: true, vendor: 'nvidia', architecture: 'hopper', description: '', shaderF16: false, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31, isFallbackAdapter: false };

function summaryOf(job: ConvertJob, resume: JobSummary['resume'] = null): JobSummary {
	return {
		modelId: job.modelId, label: job.label, family: 'mistral', target: job.target, format: 'safetensors', sourceLabel: 'In2Training/FILM-7B@0123456', commit: '0123456',
		files: [{ name: 'model-00001-of-00006.safetensors', size: 4.9e9 }], sourceBytes: 28.9e9, outputBytes: 4.5e9, shards: 130, tensors: 291, resume,
		storage: { free: 50e9, quota: 60e9 }, backend: 'CPU workers'
	};
}

const progress = (doneBytes: number): ConvertProgress => ({ stage: 'converting', doneBytes, totalBytes: 28.9e9, bytesPerS: 1e8, etaS: 100, file: 'model-00001-of-00006.safetensors', shardsDone: 1, shardsTotal: 130 });

interface Script {
	/** Errors the next inspections throw, in order (undefined: succeed). */
	inspectErrors?: (unknown | undefined)[];
	/** What the next starts do: a record to resolve with, or an error to reject with. */
	starts?: (ConvertedModel | unknown)[];
	resume?: JobSummary['resume'];
}

function fakeDeps(o: { models?: ConvertedModel[]; states?: ConversionState[]; missing?: Record<string, string[]>; script?: Script } = {}) {
	const models = [...(o.models ?? [])];
	const states = [...(o.states ?? [])];
	const script = o.script ?? {};
	const log: string[] = [];
	const jobs: ConvertJob[] = [];
	let release: (() => void) | null = null;
	const deps: ModelsPageDeps = {
		store: {
			listStates: async () => ({ states: [...states], problems: [] }),
			listModels: async () => ({ models: [...models], problems: [] }),
			getModel: async (id) => models.find((m) => m.modelId === id) ?? null,
			deleteModel: async (id) => void (log.push(`deleteModel ${id}`), models.splice(models.findIndex((m) => m.modelId === id), 1)),
			deleteState: async (id) => void (log.push(`deleteState ${id}`), states.splice(states.findIndex((s) => s.request.modelId === id), 1))
		},
		missing: async (base, names) => names.filter((n) => (o.missing?.[base] ?? []).includes(n)),
		deleteUnder: async (prefix) => (log.push(`deleteUnder ${prefix}`), 1),
		gpu: async () => NO_F16,
		async inspect(job) {
			jobs.push(job);
			log.push(`inspect ${job.modelId}`);
			const err = script.inspectErrors?.shift();
			if (err) throw err;
			let cancelled = false;
			const c: Conversion = {
				summary: summaryOf(job, script.resume ?? null),
				async start(onProgress) {
					log.push('start');
					onProgress?.(progress(1e9));
					const next = script.starts?.shift() ?? 'hold';
					if (next === 'hold') {
						await new Promise<void>((ok) => (release = ok));
						if (cancelled) throw new ConvertError('aborted', 'the conversion was stopped');
					}
					if (next instanceof Error || (typeof next === 'object' && next !== null && 'kind' in next && !('modelId' in next))) throw next;
					const record = next === 'hold' ? convertedRecord({ modelId: job.modelId, label: job.label }) : (next as ConvertedModel);
					models.push(record);
					return record;
				},
				cancel: () => {
					cancelled = true;
					log.push('cancel');
					release?.();
				},
				close: () => log.push('close')
			};
			return c;
		}
	};
	return { deps, log, jobs, models, states, release: () => release?.() };
}

function storedState(over: Partial<ConversionState> = {}, source?: ConversionState['request']['source']): ConversionState {
	return {
		schemaVersion: CONVERSION_STATE_VERSION,
		request: {
			modelId: 'FILM-7B-q4f32_1-converted', label: 'FILM-7B', target: 'q4f32_1', sourceLabel: 'In2Training/FILM-7B@0123456',
			source: source ?? { kind: 'hf', repo: 'In2Training/FILM-7B', revision: 'main', file: null, endpoint: null, gated: false },
			library: { url: mistralLibrary('q4f32_1'), sha256: 'a'.repeat(64) }
		},
		planDigest: 'e'.repeat(64), commit: 'c0ffee'.padEnd(40, '0'), createdAt: '2026-12-01T08:00:00.000Z', updatedAt: '2026-12-01T09:00:00.000Z',
		status: 'running', lastError: null, shardsTotal: 130, doneShards: [0], files: [], fileSha256: [], stats: {}, readBytes: 1e9, activeS: 60, ...over
	};
}

const tick = () => new Promise((ok) => setTimeout(ok, 0));

describe('the Models page', () => {
	it('lists converted models (whole or not) and unfinished conversions, and names their folders for the cache manager', async () => {
		const ready = convertedRecord();
		const lost = convertedRecord({ modelId: 'Old-q4f32_1-converted', label: 'Old' });
		const f = fakeDeps({ models: [ready, lost], states: [storedState({}, undefined)], missing: { [lost.baseUrl]: ['params_shard_0.bin'] } });
		f.states[0].request.modelId = 'Mistral-7B-Instruct-v0.2-q4f32_1-converted';
		f.states[0].request.label = 'Mistral-7B-Instruct-v0.2';
		const st = new ModelsPageState(f.deps);
		await st.load(new URLSearchParams('hub=http://127.0.0.1:9/&shard-kib=64'));
		expect(st.ctx).toEqual({ endpoint: 'http://127.0.0.1:9', shardBytes: 65536 });
		expect(st.listing.ready).toEqual([ready]);
		expect(st.listing.incomplete).toEqual([{ model: lost, missing: ['params_shard_0.bin'] }]);
		expect(st.states).toHaveLength(1);
		expect(st.labels).toEqual({
			[ready.baseUrl]: 'FILM-7B (q4f32_1, converted here)',
			[lost.baseUrl]: 'Old (q4f32_1, converted here)',
			[convertedBaseUrl('Mistral-7B-Instruct-v0.2-q4f32_1-converted')]: 'Mistral-7B-Instruct-v0.2 (q4f32_1), conversion not finished'
		});
		expect(st.film.target).toBe('q4f32_1');
		expect(st.baseline.kind).toBe('convert');
		expect(jobContextOf(new URLSearchParams('hub=javascript:alert(1)&shard-kib=-3'))).toEqual({});
	});

	it('inspects the FILM-7B preset, waits for Convert, shows progress, and lists the model when done', async () => {
		const f = fakeDeps({ script: { starts: [] } });
		const st = new ModelsPageState(f.deps);
		await st.load(new URLSearchParams('hub=http://127.0.0.1:9'));
		await st.inspectFilm();
		expect(f.jobs[0]).toEqual(filmJob(NO_F16, { endpoint: 'http://127.0.0.1:9' }));
		expect(st.phase).toBe('confirm');
		expect(st.summary?.outputBytes).toBe(4.5e9);
		expect(f.log).not.toContain('start');
		const converting = st.convert();
		await tick();
		expect(st.phase).toBe('converting');
		expect(st.progress?.doneBytes).toBe(1e9);
		f.release();
		await converting;
		expect(st.phase).toBe('done');
		expect(st.done?.modelId).toBe('FILM-7B-q4f32_1-converted');
		expect(st.listing.ready.map((m) => m.modelId)).toEqual(['FILM-7B-q4f32_1-converted']);
		expect(f.log.slice(-1)).toEqual(['close']);
	});

	it('Cancel stops a running conversion, which stays resumable; Cancel at the question drops it', async () => {
		const f = fakeDeps();
		const st = new ModelsPageState(f.deps);
		await st.load();
		await st.inspectFilm();
		const converting = st.convert();
		await tick();
		st.cancel();
		await converting;
		expect(st.phase).toBe('error');
		expect(st.error).toMatchObject({ kind: 'aborted', title: 'Stopped', resumable: true });
		await st.inspectBaseline();
		expect(st.phase).toBe('confirm');
		st.cancel();
		expect(st.phase).toBe('idle');
		expect(f.log.filter((l) => l === 'close').length).toBeGreaterThanOrEqual(2);
	});

	it('asks for a token after an auth refusal and goes on with it; resumes straight on after a dropped connection', async () => {
		const auth = new ConvertError('auth', 'mistralai/Mistral-7B-Instruct-v0.2 at main: HTTP 401 from the Hub: … paste an access token');
		const drop = new ConvertError('network', 'model-00002-of-00003.safetensors: the connection dropped at byte 123', 'model-00002-of-00003.safetensors');
		const f = fakeDeps({ script: { inspectErrors: [auth], starts: [drop, convertedRecord({ modelId: 'Mistral-7B-Instruct-v0.2-q4f32_1-converted' })] } });
		const st = new ModelsPageState(f.deps);
		await st.load();
		st.baselineSource = 'hf';
		await st.inspectBaseline();
		expect(st.phase).toBe('error');
		expect(st.error).toMatchObject({ kind: 'auth', askToken: true, resumable: false, message: auth.message });
		await st.retry('hf_given');
		expect(f.jobs[1].token).toBe('hf_given');
		expect(st.phase).toBe('confirm');
		await st.convert();
		expect(st.error).toMatchObject({ kind: 'network', resumable: true, file: 'model-00002-of-00003.safetensors', message: drop.message });
		const from = f.log.length;
		await st.retry();
		// Resumable: inspected again and started at once, with no question in between.
		expect(f.log.slice(from, from + 2)).toEqual(['inspect Mistral-7B-Instruct-v0.2-q4f32_1-converted', 'start']);
		expect(f.jobs[2].token).toBe('hf_given');
		expect(st.phase).toBe('done');
	});

	it('replaces a completed model of the same id, and drops another plan’s leftovers, before converting; keeps a resumable one', async () => {
		const old = convertedRecord();
		const f = fakeDeps({ models: [old], states: [storedState()], script: { starts: [convertedRecord()] } });
		const st = new ModelsPageState(f.deps);
		await st.load();
		await st.inspectFilm();
		expect(st.replaces).toEqual(old);
		expect(st.discards?.request.modelId).toBe('FILM-7B-q4f32_1-converted');
		await st.convert();
		const i = f.log.indexOf('start');
		expect(f.log.slice(i - 4, i)).toEqual([`deleteUnder ${old.baseUrl}`, `deleteModel ${old.modelId}`, `deleteUnder ${old.baseUrl}`, `deleteState ${old.modelId}`]);

		const g = fakeDeps({ states: [storedState()], script: { starts: [convertedRecord()], resume: { shardsDone: 1, readBytes: 1e9 } } });
		const again = new ModelsPageState(g.deps);
		await again.load();
		await again.inspectFilm();
		expect(again.discards).toBeNull();
		await again.convert();
		expect(g.log.filter((l) => l.startsWith('delete'))).toEqual([]);
	});

	it('resumes a stored conversion from its commit, asking for a gated repository’s token first', async () => {
		const gated = storedState({}, { kind: 'hf', repo: 'mistralai/Mistral-7B-Instruct-v0.2', revision: null, file: null, endpoint: 'http://127.0.0.1:9', gated: true });
		const f = fakeDeps({ states: [gated], script: { starts: [convertedRecord()] } });
		const st = new ModelsPageState(f.deps);
		await st.load();
		await st.resume(gated);
		expect(st.phase).toBe('error');
		expect(st.error?.message).toMatch(/gated: paste your Hugging Face access token/);
		expect(f.jobs).toEqual([]);
		await st.resume(gated, { token: 'hf_t' });
		expect(f.jobs[0]).toMatchObject({ source: { kind: 'hf', repo: 'mistralai/Mistral-7B-Instruct-v0.2', revision: gated.commit }, token: 'hf_t', endpoint: 'http://127.0.0.1:9' });
		expect(st.phase).toBe('done');
	});

	it('deletes a model’s cached folder before its record, and a conversion’s likewise; the cache manager’s Delete goes the same way', async () => {
		const m = convertedRecord();
		const s = storedState({}, undefined);
		s.request.modelId = 'Other-q4f32_1-converted';
		const f = fakeDeps({ models: [m], states: [s] });
		const st = new ModelsPageState(f.deps);
		await st.load();
		await st.deleteFolder(m.baseUrl);
		expect(f.log).toEqual([`deleteUnder ${m.baseUrl}`, `deleteModel ${m.modelId}`]);
		expect(st.listing.ready).toEqual([]);
		await st.deleteConversion(s);
		expect(f.log.slice(2)).toEqual([`deleteUnder ${convertedBaseUrl('Other-q4f32_1-converted')}`, 'deleteState Other-q4f32_1-converted']);
		expect(st.states).toEqual([]);
		await st.deleteFolder('https://huggingface.co/mlc-ai/Some-MLC/resolve/main/');
		expect(f.log.slice(-1)).toEqual(['deleteUnder https://huggingface.co/mlc-ai/Some-MLC/resolve/main/']);
	});

	it('shows the advanced form’s problems instead of inspecting', async () => {
		const f = fakeDeps();
		const st = new ModelsPageState(f.deps);
		await st.load();
		await st.inspectAdvanced();
		expect(st.advancedErrors.repo).toMatch(/owner\/name/);
		expect(f.jobs).toEqual([]);
		st.advanced.repo = 'someone/model';
		await st.inspectAdvanced();
		expect(st.advancedErrors).toEqual({});
		expect(f.jobs[0]).toMatchObject({ source: { kind: 'hf', repo: 'someone/model' }, modelId: 'model-q4f32_1-converted' });
	});
});
