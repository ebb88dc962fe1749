import { describe, expect, it } from 'vitest';
import { isGenerateResult, isLoadResult, parseRequest, parseResponse } from '$lib/engines/webllm/protocol';

const record = { model: 'http://h/m', model_id: 'm', model_lib: 'http://h/m.wasm' };
const bos = { addBos: true, bosText: '<s>' };

describe('worker protocol validation', () => {
	it('accepts well-formed requests', () => {
		const good = [
			{ type: 'load', id: 1, spec: { record, contextWindow: 4096, bos, reuse: 'auto' } },
			{ type: 'generate', id: 2, req: { prompt: 'p', prefix: 'p', maxTokens: 5, stop: ['\n'] } },
			{ type: 'abort', id: 3, target: 2 },
			{ type: 'setReuse', id: 4, reuse: 'off' },
			{ type: 'cacheDelete', id: 5, record },
			{ type: 'unload', id: 6 }
		];
		for (const g of good) expect(parseRequest(g)).toEqual(g);
	});
	it('rejects malformed requests', () => {
		const bad = [
			null,
			{ type: 'load', id: 1, spec: { record: { model: 1 }, contextWindow: 4096, bos, reuse: 'auto' } },
			{ type: 'load', id: 1, spec: { record, contextWindow: 0, bos, reuse: 'auto' } },
			{ type: 'generate', id: 2, req: { prompt: 'p', maxTokens: 0 } },
			{ type: 'generate', id: 2, req: { prompt: 'p', maxTokens: 3, stop: [1] } },
			{ type: 'generate', id: '2', req: { prompt: 'p', maxTokens: 3 } },
			{ type: 'setReuse', id: 4, reuse: 'maybe' },
			{ type: 'explode', id: 9 }
		];
		for (const b of bad) expect(parseRequest(b)).toBeNull();
	});
	it('validates responses and results', () => {
		expect(parseResponse({ type: 'error', id: 1, error: { kind: 'quota', message: 'm' } })).not.toBeNull();
		expect(parseResponse({ type: 'error', id: 1, error: { kind: 'teapot', message: 'm' } })).toBeNull();
		expect(parseResponse({ type: 'text', id: 1, delta: 5 })).toBeNull();
		expect(isGenerateResult({ text: '', finishReason: 'stop', path: 'x', promptTokens: 1, completionTokens: 0, prefillMs: 0, decodeMs: 0, totalMs: 0, prefilledTokens: 1 })).toBe(true);
		expect(isGenerateResult({ text: '', finishReason: 'done', path: 'x' })).toBe(false);
		expect(isLoadResult({ modelId: 'm', contextWindow: 4096, missingInternals: [], selfCheck: null, reusePath: 'none', loadMs: 3 })).toBe(true);
		expect(isLoadResult({ modelId: 'm', contextWindow: 4096, missingInternals: [], selfCheck: null, reusePath: 'fast', loadMs: 3 })).toBe(false);
	});
});
