import { describe, expect, it } from 'vitest';
import { decodeSettings, encodeSettings, shareLink, withoutCredentials } from '$lib/app/share';
import { defaultSettings, presetSettings, settingsProblems, type RunSettings } from '$lib/app/settings';
import { estimateRun } from '$lib/app/estimate';
import { filmModel } from '$lib/engines/webllm/models';

const roundTrip = (s: RunSettings) => decodeSettings(new URLSearchParams(encodeSettings(s).toString()));

describe('share links', () => {
	it('round-trips every preset and engine', () => {
		for (const id of ['quick', 'paper', 'needle', 'longdoc'] as const) {
			const s = presetSettings(id);
			expect(roundTrip(s)).toEqual({ settings: s, ignored: [] });
		}
		const web: RunSettings = { ...presetSettings('paper'), name: 'FILM on my GPU', engine: { kind: 'webllm', modelId: 'FILM-7B-q4f32_1-MLC', contextWindow: 32768 } };
		expect(roundTrip(web).settings).toEqual(web);
		const cloud: RunSettings = { ...defaultSettings(), engine: { kind: 'openai', baseUrl: 'https://api.example.com/v1', model: 'gpt-4-turbo', maxContext: 128000 } };
		expect(roundTrip(cloud).settings).toEqual(cloud);
	});

	it('never carries a key, a password or a token in the link', () => {
		const s: RunSettings = {
			...defaultSettings(),
			engine: { kind: 'openai', baseUrl: 'https://user:hunter2@api.example.com/v1?api_key=sk-123&region=eu', model: 'm', maxContext: 8192 }
		};
		const link = shareLink('https://app.example', s);
		expect(link).not.toMatch(/hunter2|sk-123|api_key|user%3A/);
		expect(decodeSettings(new URL(link).searchParams).settings.engine).toEqual({
			kind: 'openai',
			baseUrl: 'https://api.example.com/v1?region=eu',
			model: 'm',
			maxContext: 8192
		});
		expect(withoutCredentials('not a url')).toBe('');
	});

	it('keeps defaults for what it cannot read and says which', () => {
		const q = new URLSearchParams('preset=evil&tasks=document,rm -rf,code&engine=openai&endpoint=javascript:alert(1)&model=x&window=9&sets=99&positions=all&ctx=100&seed=-1&depths=5,200');
		const { settings, ignored } = decodeSettings(q);
		expect(settings.tasks).toEqual(['document', 'code']);
		expect(settings.engine).toEqual({ kind: 'oracle' });
		expect(settings.positions).toBeNull();
		expect(settings.sets).toBe(1);
		expect(settings.contextTokens).toBe(8192);
		expect(ignored.sort()).toEqual(['ctx', 'depths', 'engine', 'preset', 'seed', 'sets']);
	});

	it('reads an empty query as the defaults', () => {
		expect(decodeSettings(new URLSearchParams()).settings).toEqual(defaultSettings());
	});
});

describe('settings checks', () => {
	it('accepts the presets with the reference engine', () => {
		expect(settingsProblems(presetSettings('paper'))).toEqual({});
	});
	it('explains what is wrong', () => {
		const s: RunSettings = { ...presetSettings('paper'), tasks: [], sets: 0, engine: { kind: 'openai', baseUrl: 'ftp://x', model: '', maxContext: 4096 } };
		const p = settingsProblems(s);
		expect(p.tasks).toMatch(/at least one task/);
		expect(p.sets).toMatch(/1 to 16/);
		expect(p.engine).toMatch(/http/);
	});
	it('refuses contexts longer than the model window', () => {
		const s: RunSettings = { ...presetSettings('paper'), engine: { kind: 'webllm', modelId: 'x', contextWindow: 4096 } };
		expect(settingsProblems(s).engine).toMatch(/4096 tokens\) is smaller than the contexts asked for \(32768/);
	});
});

describe('run estimate', () => {
	it("counts the paper's 9,400 questions over 12 contexts", () => {
		const e = estimateRun(presetSettings('paper'));
		expect(e.questions).toBe(9400);
		expect(e.contexts).toBe(12);
		expect(e.timeMs).toBeNull();
		expect(e.gpuBytes).toBeNull();
	});
	it('counts the needle grid', () => {
		expect(estimateRun(presetSettings('needle')).questions).toBe(44);
	});
	it('estimates time and GPU memory for a WebLLM model', () => {
		const spec = filmModel('q4f32_1', 'https://example.com/film');
		const s: RunSettings = { ...presetSettings('paper'), engine: { kind: 'webllm', modelId: spec.id, contextWindow: 32768 } };
		const e = estimateRun(s, spec, { prefillTokensPerS: 1000, decodeTokensPerS: 10, answerTokens: 10 });
		// 12 contexts × 32,768 tokens read once + 40 tokens per question; 9,400 × 10 tokens decoded at 10/s.
		expect(e.reusePrefillTokens).toBe(12 * 32768 + 9400 * 40);
		expect(e.timeMs).toBeCloseTo(((12 * 32768 + 9400 * 40) / 1000 + 9400) * 1000, 0);
		// q4f32_1 keeps the KV cache in f32: 256 KiB per token → 8 GiB at 32K, plus ~4.2 GiB of weights.
		expect(e.gpuBytes! / 2 ** 30).toBeGreaterThan(12);
		expect(e.gpuBytes! / 2 ** 30).toBeLessThan(13.5);
	});
});
