import { describe, expect, it } from 'vitest';
import { checkFetchedAll, checkSelfCheck, checkTypedError } from '../engine/checks';
import type { SelfCheckReport } from '$lib/engines/webllm/kv/self-check';

const report = (over: Partial<SelfCheckReport> = {}): SelfCheckReport => ({
	path: 'decode-steps',
	maxAbsDiff: { chunk: 2.53, 'decode-steps': 5e-6 },
	contextSignal: 2.5,
	tolerance: 1e-3,
	kvRestored: true,
	prefixTokens: 8,
	questionTokens: [2, 2],
	reason: '',
	ms: 1,
	...over
});
const want = { prefixTokens: 8, questionTokens: [2, 2] };

describe('real-engine check assertions', () => {
	it('accept the figures measured on the software adapter', () => {
		expect(checkSelfCheck(report(), want)).toEqual([]);
	});

	it('reject a reuse path that is not 100× below the context signal, or a lost KV length', () => {
		expect(checkSelfCheck(report({ maxAbsDiff: { chunk: 2.5, 'decode-steps': 0.05 } }), want).join()).toMatch(/not 100× below/);
		expect(checkSelfCheck(report({ kvRestored: false }), want).join()).toMatch(/KV length/);
		expect(checkSelfCheck(report({ path: 'none', reason: 'no path' }), want).join()).toMatch(/no reuse path/);
	});

	it('notice a self-check that ran some other prompt, or logits that ignore the context', () => {
		expect(checkSelfCheck(report({ prefixTokens: 9, questionTokens: [5, 5] }), want)).toHaveLength(2);
		expect(checkSelfCheck(report({ contextSignal: 0.003, maxAbsDiff: { chunk: 0, 'decode-steps': 0 } }), want).join()).toMatch(/hardly depend/);
		expect(checkSelfCheck(null, want)).toHaveLength(1);
	});

	it('want typed errors in user words', () => {
		const ok = { kind: 'device-lost', message: 'The GPU device was lost (often: it ran out of memory). Reload the engine.' };
		expect(checkTypedError(ok, 'device-lost', /GPU/)).toEqual([]);
		expect(checkTypedError({ kind: 'unknown', message: 'Error: ModelNotLoadedError at x (y.js:1)' }, 'device-lost', /GPU/)).toHaveLength(3);
		expect(checkTypedError(null, 'context-window', /window/)).toHaveLength(1);
	});

	it('list shards the first load did not fetch', () => {
		const counts = new Map([['/models/m/resolve/main/params_shard_0.bin', 1]]);
		expect(checkFetchedAll(counts, ['params_shard_0.bin'], '/models/m')).toEqual([]);
		expect(checkFetchedAll(counts, ['params_shard_0.bin', 'params_shard_1.bin'], '/models/m').join()).toMatch(/1 shard/);
	});
});
