// Issue 17, points 4–6: a model converted in the browser, as the rest of the app sees it — the WebLLM record that
// loads it from web-llm's cache, offered only when its completion record exists and every file it lists is there,
// and the provenance every run made with it carries (and checks on resume).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { convertedCatalog, type CatalogDeps } from '$lib/app/converted-catalog';
import { convertedModelId, convertedModelSpec, isConvertedModelId, paperRunHref, sameWeights, sourceLine, weightsProvenance } from '$lib/app/converted-spec';
import { decodeSettings } from '$lib/app/share';
import { resolveModelSpec } from '$lib/app/webllm-engine';
import { createRun, executeRecord } from '$lib/app/run-controller';
import { presetSettings, settingsProblems } from '$lib/app/settings';
import { comparabilityNotes } from '$lib/app/comparable';
import { speedModelOf } from '$lib/app/speed-results';
import { EngineError } from '$lib/engines/engine';
import { ARCH, mistralLibrary } from '$lib/engines/webllm/models';
import { MISTRAL_BOS, NO_BOS } from '$lib/engines/webllm/prompt';
import type { ConvertedModel } from '$lib/convert/record';
import { createRunStore } from '$lib/store/run-store';
import { readRunRecord } from '$lib/store/migrate';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import { createFakeEngine } from '../fakes/fake-engine';
import { convertedRecord } from '../helpers/convert/converted-record';

function catalogOf(models: ConvertedModel[], missing: Record<string, string[]> = {}, problems: string[] = []): CatalogDeps {
	return {
		store: {
			listModels: async () => ({ models: [...models], problems }),
			getModel: async (id) => models.find((m) => m.modelId === id) ?? null
		},
		missing: async (base, names) => names.filter((n) => (missing[base] ?? []).includes(n))
	};
}

describe('a converted model as a WebLLM model', () => {
	it('has an id of its own, apart from the prebuilt and user-hosted ids', () => {
		expect(convertedModelId('FILM-7B', 'q4f32_1')).toBe('FILM-7B-q4f32_1-converted');
		expect(convertedModelId('  my model / v2 ', 'q4f16_1')).toBe('my-model-v2-q4f16_1-converted');
		expect(isConvertedModelId('FILM-7B-q4f32_1-converted')).toBe(true);
		expect(isConvertedModelId('FILM-7B-q4f32_1-MLC')).toBe(false);
		expect(isConvertedModelId('Mistral-7B-Instruct-v0.2-q4f16_1-MLC')).toBe(false);
		// It times like its prebuilt namesake, and needs no weights URL.
		expect(speedModelOf('Mistral-7B-Instruct-v0.2-q4f32_1-converted')).toBe('Mistral-7B-Instruct-v0.2');
		const s = presetSettings('quick');
		s.engine = { kind: 'webllm', modelId: 'FILM-7B-q4f32_1-converted', contextWindow: 32768 };
		expect(settingsProblems(s).engine).toBeUndefined();
		// The Models page's "start a run with it" opens the paper preset on it.
		const { settings, ignored } = decodeSettings(new URL(paperRunHref('FILM-7B-q4f32_1-converted'), 'https://app.example').searchParams);
		expect(ignored).toEqual([]);
		expect(settings).toMatchObject({ preset: 'paper', tasks: ['document', 'code', 'database'], sets: 4, positions: null, contextTokens: 32768 });
		expect(settings.engine).toEqual({ kind: 'webllm', modelId: 'FILM-7B-q4f32_1-converted', contextWindow: 32768 });
		expect(settingsProblems(settings)).toEqual({});
	});

	it('loads from its folder in the cache with its library, a 32K window, no sliding window, and the family’s BOS', () => {
		const m = convertedRecord();
		const spec = convertedModelSpec(m);
		expect(spec.record).toEqual({
			model: 'https://converted.invalid/FILM-7B-q4f32_1-converted/resolve/main/',
			model_id: 'FILM-7B-q4f32_1-converted',
			model_lib: mistralLibrary('q4f32_1'),
			overrides: { context_window_size: 32768, sliding_window_size: -1 }
		});
		expect(spec).toMatchObject({ quantization: 'q4f32_1', maxContext: 32768, bos: MISTRAL_BOS, arch: ARCH.mistral7b, weightsBytes: m.output.bytes, userWeights: false });
		expect(spec.label).toBe('FILM-7B (q4f32_1, converted here)');
		// q4f16_1 needs 16-bit shaders; a shorter window may be asked for, never a longer one.
		const f16 = convertedModelSpec(convertedRecord({ modelId: 'FILM-7B-q4f16_1-converted', target: 'q4f16_1' }), 8192);
		expect(f16.record.required_features).toEqual(['shader-f16']);
		expect(f16.record.overrides?.context_window_size).toBe(8192);
		expect(convertedModelSpec(m, 65536).record.overrides?.context_window_size).toBe(32768);
	});

	it('estimates memory only for the library it knows; a Qwen2 model gets no BOS', () => {
		expect(convertedModelSpec(convertedRecord({ library: { url: 'https://example.org/other.wasm', sha256: 'f'.repeat(64), bytes: 1 } })).arch).toBeNull();
		const qwen = convertedModelSpec(convertedRecord({ family: 'qwen2', library: { url: 'https://example.org/qwen2.wasm', sha256: 'f'.repeat(64), bytes: 1 } }));
		expect(qwen.bos).toBe(NO_BOS);
		expect(qwen.arch).toBeNull();
	});
});

describe('which converted models are offered', () => {
	it('lists whole models as ready and others as incomplete, newest first', async () => {
		const a = convertedRecord({ modelId: 'A-q4f32_1-converted', completedAt: '2026-12-01T00:00:00.000Z' });
		const b = convertedRecord({ modelId: 'B-q4f32_1-converted', completedAt: '2026-12-02T00:00:00.000Z' });
		const c = convertedRecord({ modelId: 'C-q4f32_1-converted' });
		const list = await convertedCatalog(catalogOf([a, b, c], { [c.baseUrl]: ['params_shard_0.bin'] }, ['model:x: bad'])).list();
		expect(list.ready.map((m) => m.modelId)).toEqual(['B-q4f32_1-converted', 'A-q4f32_1-converted']);
		expect(list.incomplete).toEqual([{ model: c, missing: ['params_shard_0.bin'] }]);
		expect(list.problems).toEqual(['model:x: bad']);
	});

	it('refuses to load a model without a record, or one that lost a file, saying what to do', async () => {
		const m = convertedRecord();
		const gone = convertedCatalog(catalogOf([]));
		await expect(gone.loadable(m.modelId)).rejects.toThrow(/not in this browser .*convert it on the Models page/);
		const evicted = convertedCatalog(catalogOf([m], { [m.baseUrl]: ['mlc-chat-config.json'] }));
		await expect(evicted.loadable(m.modelId)).rejects.toThrow(/FILM-7B \(converted\) lost 1 of its files \(mlc-chat-config\.json\).*Delete it on the Models page and convert it again/);
		const broken = convertedCatalog({ ...catalogOf([]), store: { listModels: async () => ({ models: [], problems: [] }), getModel: async () => Promise.reject(new Error('version 9')) } });
		await expect(broken.loadable(m.modelId)).rejects.toBeInstanceOf(EngineError);
		expect(await convertedCatalog(catalogOf([m])).loadable(m.modelId)).toBe(m);
	});

	it('resolves a run’s choice through the catalog, and any other choice as before', async () => {
		const m = convertedRecord();
		const spec = await resolveModelSpec({ kind: 'webllm', modelId: m.modelId, contextWindow: 16384 }, async () => convertedCatalog(catalogOf([m])));
		expect(spec.record.model).toBe(m.baseUrl);
		expect(spec.record.overrides?.context_window_size).toBe(16384);
		const prebuilt = await resolveModelSpec({ kind: 'webllm', modelId: 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC', contextWindow: 4096 }, async () => {
			throw new Error('the catalog is not asked for a prebuilt model');
		});
		expect(prebuilt.record.model).toBe('https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC');
	});
});

describe('the provenance a run carries', () => {
	it('copies the source, commit, every file’s SHA-256, the library, converter version and a fidelity summary', () => {
		const w = weightsProvenance(convertedRecord());
		expect(w).toEqual({
			kind: 'converted',
			modelId: 'FILM-7B-q4f32_1-converted',
			source: {
				kind: 'hf',
				location: 'In2Training/FILM-7B',
				revision: 'main',
				commit: '0123456789abcdef0123456789abcdef01234567',
				format: 'safetensors',
				files: [
					{ name: 'model-00001-of-00006.safetensors', size: 4_943_162_240, sha256: 'b'.repeat(64) },
					{ name: 'model-00002-of-00006.safetensors', size: 4_999_819_232, sha256: 'c'.repeat(64) },
					{ name: 'config.json', size: 601, sha256: 'd'.repeat(64) }
				]
			},
			quantization: 'q4f32_1',
			library: { url: mistralLibrary('q4f32_1'), sha256: 'a'.repeat(64) },
			converterVersion: 1,
			planDigest: 'e'.repeat(64),
			convertedAt: '2026-12-01T10:30:00.000Z',
			fidelity: { tensors: 3, meanRelRms: (0.09 + 0.11) / 3, worstRelRms: 0.11, worst: 'model.layers.0.self_attn.q_proj.weight', maxAbsErr: 0.02 }
		});
		expect(sourceLine(w)).toBe('In2Training/FILM-7B@0123456');
		expect(sameWeights(w, structuredClone(w))).toBe(true);
		const other = structuredClone(w);
		other.source.files[1].sha256 = '0'.repeat(64);
		expect(sameWeights(w, other)).toBe(false);
	});

	/** The fake engine, dressed as the WebLLM engine running the converted model. */
	const fakeWebLlm = () => {
		const e = createFakeEngine();
		return Object.assign(e, { info: { ...e.info, kind: 'webllm' as const, modelId: 'FILM-7B-q4f32_1-converted', label: 'FILM-7B (q4f32_1, converted here)', quantization: 'q4f32_1' } });
	};
	const settings = () => {
		const s = presetSettings('quick');
		Object.assign(s, { tasks: ['document'], sets: 1, positions: 2, contextTokens: 1024 });
		s.engine = { kind: 'webllm', modelId: 'FILM-7B-q4f32_1-converted', contextWindow: 32768, batch: false };
		return s;
	};
	const deps = (models: ConvertedModel[], store = createRunStore(`converted-runs-${Date.now()}-${Math.random()}`)) => ({
		store,
		plans: { pools: nodePools, tokenizer: nodeMistralTokenizer },
		engines: { webllm: async () => fakeWebLlm() },
		catalog: async () => convertedCatalog(catalogOf(models))
	});

	it('is stored in the run record, validated, and refused for a resume on weights converted again since', async () => {
		const m = convertedRecord();
		const d = deps([m]);
		const record = await createRun(settings(), d);
		expect(record.provenance.weights).toEqual(weightsProvenance(m));
		const stored = await d.store.getRun(record.id);
		expect(stored?.ok && stored.record.provenance.weights).toEqual(weightsProvenance(m));
		expect(readRunRecord(JSON.parse(JSON.stringify(record))).ok).toBe(true);
		expect(comparabilityNotes(record).find((n) => n.scope === 'run')?.text).toBe(
			"Weights quantised to 4 bits (q4f32_1); the paper's answers come from the unquantised models. Converted in this browser from In2Training/FILM-7B@0123456: relative RMS error 6.7 % on average over 3 tensors, worst 11.0 %."
		);

		// The same model id, converted again from other bytes: the old run must not go on with it.
		const again = convertedRecord({ planDigest: '9'.repeat(64), completedAt: '2026-12-05T00:00:00.000Z' });
		const run = executeRecord(record, { ...d, catalog: async () => convertedCatalog(catalogOf([again])) });
		await expect(run.outcome).rejects.toThrow(/converted from In2Training\/FILM-7B@0123456 on 2026-12-01; .*converted again since .*2026-12-05.*Start a new run/);
		// On its own weights it runs to the end.
		const same = await executeRecord(record, d).outcome;
		expect(same.status).toBe('complete');
	});

	it('refuses to create a run on a converted model that is gone, before any engine is made', async () => {
		let made = 0;
		const d = { ...deps([]), engines: { webllm: async () => (made++, createFakeEngine()) } };
		await expect(createRun(settings(), d)).rejects.toThrow(/not in this browser/);
		expect(made).toBe(0);
		// Other models carry no weights provenance.
		const s = settings();
		s.engine = { kind: 'oracle' };
		expect((await createRun(s, d)).provenance.weights).toBeNull();
	});
});
