import { describe, expect, it } from 'vitest';
import { decodeSettings, encodeSettings, shareLink, withoutCredentials } from '$lib/app/share';
import { defaultSettings, presetSettings, settingsProblems, type RunSettings } from '$lib/app/settings';
import { estimateRun } from '$lib/app/estimate';
import { planShape } from '$lib/app/plan-shape';
import { plansForSettings } from '$lib/app/plans';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
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
	// The estimate counts the plans the run will build (here the real ones, built in Node) and times them only
	// from measured figures.
	const deps = { pools: nodePools, tokenizer: nodeMistralTokenizer };
	const shapeOf = async (s: RunSettings) => planShape(await plansForSettings(s, deps), () => 20);

	it("counts the paper's 9,400 questions over 12 contexts", async () => {
		const e = estimateRun(presetSettings('paper'), await shapeOf(presetSettings('paper')));
		expect(e.counting).toBe(false);
		expect(e.questions).toBe(9400);
		expect(e.contexts).toBe(12);
		expect(e.time).toBeNull();
		expect(e.gpuBytes).toBeNull();
	});
	it('counts the needle grid', async () => {
		expect(estimateRun(presetSettings('needle'), await shapeOf(presetSettings('needle'))).questions).toBe(44);
	});
	it('estimates time from a measured table and GPU memory for a WebLLM model', async () => {
		const spec = filmModel('q4f32_1', 'https://example.com/film');
		const s: RunSettings = { ...presetSettings('quick'), engine: { kind: 'webllm', modelId: spec.id, contextWindow: 32768, batch: false } };
		const shape = await shapeOf(s);
		expect(shape.questions).toBe(48);
		// A flat device: 1,000 prefill tokens/s at every length, 10 decode steps/s, questions as one chunk at 1,000 tok/s.
		const rows = [4096, 32768].map((n) => ({ n, prefillS: n / 1000, prefillTokS: 1000, decodeSteps: 10, decodeS: 1, decodeTokS: 10, questionTokens: 40, questionChunkS: 0.04, questionDecodeS: 4, kvRestored: true }));
		const record = { schemaVersion: 1 as const, adapter: { vendor: 'v', architecture: 'a', description: '' }, model: 'FILM-7B', quantization: 'q4f32_1', date: '2026-01-01T00:00:00Z', webllmVersion: '0.2.86', library: 'lib', rows, reusePath: 'chunk' as const, batch: null };
		const e = estimateRun(s, shape, { model: spec, speed: { kind: 'browser', records: [record], label: 'this browser' } });
		// Every context read once, every question's tokens at 1,000/s, 20 answer tokens at 10/s.
		expect(e.reusePrefillTokens).toBe(shape.reusePrefillTokens);
		const contextTokens = shape.contexts.reduce((n, c) => n + c.tokens, 0);
		const questionTokens = shape.contexts.reduce((n, c) => n + c.questions * Math.round(c.questionTokens), 0);
		expect(e.time!.lowS).toBeCloseTo(contextTokens / 1000 + questionTokens / 1000 + (48 * 20) / 10, 3);
		expect(e.time!.highS).toBe(e.time!.lowS);
		expect(e.source).toBe('this browser');
		// q4f32_1 keeps the KV cache in f32: 256 KiB per token → 8 GiB at 32K, plus ~4.2 GiB of weights.
		expect(e.gpuBytes! / 2 ** 30).toBeGreaterThan(12);
		expect(e.gpuBytes! / 2 ** 30).toBeLessThan(13.5);
	});
	it('says the time is unknown, and asks for the speed check, when nothing measured applies', async () => {
		const spec = filmModel('q4f32_1', 'https://example.com/film');
		const s: RunSettings = { ...presetSettings('quick'), engine: { kind: 'webllm', modelId: spec.id, contextWindow: 8192 } };
		const e = estimateRun(s, await shapeOf(s), { model: spec, speed: { kind: 'none', reason: 'no device matches' } });
		expect(e.questions).toBe(48);
		expect(e.time).toBeNull();
		expect(e.suggestSpeedCheck).toBe(true);
		expect(e.source).toMatch(/run the speed check \(no device matches\)/);
	});
});
