import { describe, expect, it } from 'vitest';
import { toEngineError } from '$lib/engines/webllm/errors';
import { EngineError } from '$lib/engines/engine';

function named(name: string, message: string) {
	return Object.assign(new Error(message), { name });
}

describe('web-llm error mapping', () => {
	it('maps web-llm error names and strings to kinds', () => {
		const cases: [unknown, string][] = [
			[named('ContextWindowSizeExceededError', 'Prompt tokens exceed context window size: number of prompt tokens: 40000; context window size: 32768'), 'context-window'],
			['Error: ContextWindowSizeExceededError: Prompt tokens exceed context window size', 'context-window'],
			[named('DeviceLostError', 'The WebGPU device was lost while loading the model.'), 'device-lost'],
			[new Error('Failed to allocate buffer: out of memory'), 'out-of-memory'],
			[named('QuotaExceededError', 'The quota has been exceeded.'), 'quota'],
			[new Error('Failed to store https://h/m/params_shard_3.bin with error: TypeError: Failed to fetch'), 'network'],
			[named('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16'), 'unsupported'],
			[named('AbortError', 'The user aborted a request.'), 'aborted'],
			[{ name: 'Weird', message: 'something else' }, 'unknown']
		];
		for (const [err, kind] of cases) expect([kind, toEngineError(err).kind]).toEqual([kind, kind]);
	});

	it('keeps the numbers of a context-window error and marks device loss retryable', () => {
		const e = toEngineError(named('ContextWindowSizeExceededError', 'number of prompt tokens: 40000; context window size: 32768'));
		expect(e.message).toContain('40000; context window size: 32768');
		expect(toEngineError(named('DeviceLostError', 'lost')).retryable).toBe(true);
		expect(toEngineError('quota exceeded').retryable).toBe(false);
	});

	it('passes EngineErrors through', () => {
		const e = new EngineError('auth', 'x');
		expect(toEngineError(e)).toBe(e);
	});
});
