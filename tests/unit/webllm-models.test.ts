import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { ARCH, PREBUILT_MODELS, filmModel, kvBytesPerToken, mistralLibrary, recordForLoad, resolvedModelUrl } from '$lib/engines/webllm/models';
import { customModel } from '$lib/engines/webllm/custom-model';
import { completionPrompt, MISTRAL_BOS, NO_BOS, splitAtPrefix, withBos } from '$lib/engines/webllm/prompt';
import { FakeTokenizer } from '../fakes/web-llm';

describe('model records', () => {
	it('match the pinned web-llm prebuiltAppConfig (id, library, VRAM, required features)', () => {
		for (const m of PREBUILT_MODELS) {
			const pinned = prebuiltAppConfig.model_list.find((r) => r.model_id === m.id);
			expect(pinned, m.id).toBeDefined();
			expect(m.record.model).toBe(pinned!.model);
			expect(m.record.model_lib).toBe(pinned!.model_lib);
			expect(m.record.vram_required_MB).toBe(pinned!.vram_required_MB);
			expect(m.record.required_features ?? []).toEqual(pinned!.required_features ?? []);
			expect(m.defaultContext).toBe(pinned!.overrides?.context_window_size);
		}
		expect(PREBUILT_MODELS.map((m) => m.id)).toEqual(expect.arrayContaining(['Mistral-7B-Instruct-v0.3-q4f32_1-MLC', 'Llama-3.1-8B-Instruct-q4f16_1-MLC', 'Qwen2.5-7B-Instruct-q4f16_1-MLC', 'Phi-3.5-mini-instruct-q4f32_1-MLC']));
	});

	it('runs FILM-7B on the pinned Mistral library of its quantization, 32K window, no sliding window', () => {
		for (const q of ['q4f16_1', 'q4f32_1'] as const) {
			const f = filmModel(q, 'http://localhost:8000/FILM-7B-' + q);
			const mistral = prebuiltAppConfig.model_list.find((r) => r.model_id === `Mistral-7B-Instruct-v0.3-${q}-MLC`)!;
			expect(f.record.model_lib).toBe(mistral.model_lib);
			expect(f.record.model_lib).toBe(mistralLibrary(q));
			expect(f.record.overrides).toEqual({ context_window_size: 32768, sliding_window_size: -1 });
			expect(f.bos).toBe(MISTRAL_BOS);
		}
		expect(filmModel('q4f16_1', 'x').record.required_features).toEqual(['shader-f16']);
		expect(filmModel('q4f32_1', 'x').record.required_features).toBeUndefined();
	});

	it('sets the window and turns sliding window off at load', () => {
		const m = PREBUILT_MODELS.find((x) => x.id.startsWith('Llama-3.1'))!;
		expect(recordForLoad(m, 16384).overrides).toEqual({ context_window_size: 16384, sliding_window_size: -1 });
	});

	it('estimates FILM-7B KV at 128 KiB/token in f16 and 256 KiB/token in f32 (SPEC §1)', () => {
		expect(kvBytesPerToken(ARCH.mistral7b, 'q4f16_1')).toBe(128 * 1024);
		expect(kvBytesPerToken(ARCH.mistral7b, 'q4f32_1')).toBe(256 * 1024);
	});

	it('resolves model URLs the way web-llm does', () => {
		expect(resolvedModelUrl('http://localhost:8000/FILM')).toBe('http://localhost:8000/FILM/resolve/main/');
		expect(resolvedModelUrl('https://hf.co/u/m/resolve/v1/')).toBe('https://hf.co/u/m/resolve/v1/');
	});
});

describe('custom model form', () => {
	it('builds a record from valid fields', () => {
		const r = customModel({ weightsUrl: 'http://localhost:8000/my-model', modelLibUrl: 'https://x.test/lib.wasm', contextWindow: '8192', quantization: 'q4f32_1', architecture: 'mistral7b' });
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.spec.record).toMatchObject({ model: 'http://localhost:8000/my-model', model_lib: 'https://x.test/lib.wasm', overrides: { context_window_size: 8192, sliding_window_size: -1 } });
		expect(r.spec.maxContext).toBe(8192);
		expect(r.spec.weightsBytes).toBeGreaterThan(4e9);
	});
	it('reports each bad field', () => {
		const r = customModel({ weightsUrl: 'ftp://x', modelLibUrl: 'https://x.test/lib.js', contextWindow: '12.5', quantization: 'q8', architecture: 'gpt5', bos: 'x' });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(Object.keys(r.errors).sort()).toEqual(['architecture', 'bos', 'contextWindow', 'modelLibUrl', 'quantization', 'weightsUrl']);
	});
});

describe('BOS in one place', () => {
	it('prepends BOS text once for the completion path, and never for models without BOS', () => {
		expect(completionPrompt('[INST] hi [/INST]', MISTRAL_BOS)).toBe('<s>[INST] hi [/INST]');
		expect(completionPrompt('<s>[INST] hi', MISTRAL_BOS)).toBe('<s>[INST] hi');
		expect(completionPrompt('hi', NO_BOS)).toBe('hi');
		expect(withBos([1], [733, 16289])).toEqual([1, 733, 16289]);
		expect(withBos([], [5])).toEqual([5]);
	});
	it('completion text with BOS and the token path give the same ids', () => {
		const tok = new FakeTokenizer();
		const enc = (t: string) => Array.from(tok.encode(t));
		// The fake, like SentencePiece, puts "▁" at the start of what it encodes; after "<s>" it goes after the BOS.
		expect(enc(completionPrompt('ab c', MISTRAL_BOS))).toEqual(withBos([1], enc('ab c')));
	});
	it('splits at a shared prefix only where the full encoding starts with it', () => {
		const tok = new FakeTokenizer();
		const enc = (t: string) => Array.from(tok.encode(t));
		const s = splitAtPrefix(enc, 'ctx question', 'ctx');
		expect(s.ok && s.suffixIds).toEqual(enc('ctx question').slice(enc('ctx').length));
		// the lone suffix would carry an extra leading "▁": not what the full prompt holds
		expect(s.ok && s.suffixIds).not.toEqual(enc(' question'));
		expect(splitAtPrefix(enc, 'other', 'ctx').ok).toBe(false);
		expect(splitAtPrefix(enc, 'ctx', 'ctx').ok).toBe(false);
	});
});
