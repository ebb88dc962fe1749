import { describe, expect, it } from 'vitest';
import { modelSpecOf, progressText } from '$lib/app/webllm-engine';
import { presetSettings, settingsProblems } from '$lib/app/settings';
import { decodeSettings, shareLink } from '$lib/app/share';
import { EngineError } from '$lib/engines/engine';

describe('choosing a local model in the app', () => {
	it('builds FILM-7B from the user\'s weight folder with the Mistral library of the same quantization', () => {
		const spec = modelSpecOf({ kind: 'webllm', modelId: 'FILM-7B-q4f32_1-MLC', contextWindow: 32768, weightsUrl: 'http://127.0.0.1:8000/film/' });
		expect(spec.record.model).toBe('http://127.0.0.1:8000/film/');
		expect(spec.record.model_lib).toMatch(/Mistral-7B-Instruct.*q4f32_1/);
		expect(spec.record.overrides).toMatchObject({ context_window_size: 32768, sliding_window_size: -1 });
	});

	it('refuses FILM-7B without weights, and unknown models, with what to do', () => {
		expect(() => modelSpecOf({ kind: 'webllm', modelId: 'FILM-7B-q4f16_1-MLC', contextWindow: 32768 })).toThrow(EngineError);
		expect(() => modelSpecOf({ kind: 'webllm', modelId: 'nope', contextWindow: 4096 })).toThrow(/No model record/);
		const s = presetSettings('quick');
		s.engine = { kind: 'webllm', modelId: 'FILM-7B-q4f32_1-MLC', contextWindow: 32768 };
		expect(settingsProblems(s).engine).toMatch(/URL of your FILM-7B MLC weight folder/);
		s.engine.weightsUrl = 'https://example.org/film-7b/';
		expect(settingsProblems(s).engine).toBeUndefined();
	});

	it('carries the weights URL through a share link, never credentials in it', () => {
		const s = presetSettings('quick');
		s.engine = { kind: 'webllm', modelId: 'FILM-7B-q4f32_1-MLC', contextWindow: 32768, weightsUrl: 'https://user:pw@example.org/w/' };
		const back = decodeSettings(new URL(shareLink('https://app.example', s)).searchParams).settings;
		expect(back.engine).toEqual({ kind: 'webllm', modelId: 'FILM-7B-q4f32_1-MLC', contextWindow: 32768, weightsUrl: 'https://example.org/w' });
	});

	it('says bytes, speed and time left while loading', () => {
		const text = progressText({ phase: 'fetch', fraction: 0.5, shard: 3, shards: 6, bytesDone: 2 * 2 ** 30, bytesTotal: 4 * 2 ** 30, bytesPerS: 20 * 2 ** 20, secondsLeft: 102.4, elapsedS: 100 } as never);
		expect(text).toBe('Loading the model (fetch): 50 %, 2.00 of 4.00 GiB, 20.0 MiB/s, about 103 s left');
	});
});
