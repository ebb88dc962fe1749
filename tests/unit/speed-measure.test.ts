import { describe, expect, it } from 'vitest';
import { measureLadder, seededIds, validateLadder, type SpeedBackend } from '$lib/speed/measure';
import type { KvBackend } from '$lib/engines/webllm/kv/backend';

/** A KV cache of token ids with a fake clock: prefill costs 1 ms/token × (1 + N/1000), a step 5 ms × (1 + N/1000). */
function fakeBackend() {
	let clock = 0;
	const kv: number[] = [];
	const calls: string[] = [];
	const b: SpeedBackend = {
		async reset() {
			kv.length = 0;
			calls.push('reset');
		},
		async forward(ids, isPrefill) {
			const load = 1 + kv.length / 1000;
			clock += (isPrefill ? ids.length : 5) * load;
			if (!isPrefill && ids.length !== 1) throw new Error('a decode step takes one token');
			kv.push(...ids);
			calls.push(`${isPrefill ? 'prefill' : 'decode'}:${ids.length}`);
			return ids[ids.length - 1];
		},
		truncate(n) {
			kv.length = n;
			calls.push(`pop:${n}`);
		},
		filled: () => kv.length
	};
	return { b, calls, now: () => clock, kv };
}

describe('measureLadder', () => {
	it('times prefill, decode and each question path per length, popping back to N in between', async () => {
		const f = fakeBackend();
		const seen: number[] = [];
		const rows = await measureLadder(f.b, { lengths: [16, 8], decodeSteps: 2, questionTokens: 3, vocabSize: 100, now: f.now, onRow: (r) => seen.push(r.n) });
		expect(rows.map((r) => r.n)).toEqual([8, 16]);
		expect(seen).toEqual([8, 16]);
		expect(f.calls.slice(0, 10)).toEqual(['reset', 'prefill:8', 'decode:1', 'decode:1', 'pop:8', 'prefill:3', 'pop:8', 'decode:1', 'decode:1', 'decode:1']);
		const r = rows[0];
		expect(r.prefillS).toBeCloseTo(0.008, 9);
		expect(r.prefillTokS).toBeCloseTo(1000, 6);
		expect(r.decodeS).toBeCloseTo((5 * 1.008 + 5 * 1.009) / 1000, 9);
		expect(r.decodeTokS).toBeCloseTo(2 / r.decodeS, 9);
		expect(r.questionChunkS).toBeCloseTo((3 * 1.008) / 1000, 9);
		expect(r.questionDecodeS).toBeCloseTo((5 * 1.008 + 5 * 1.009 + 5 * 1.01) / 1000, 9);
		expect(rows.every((x) => x.kvRestored)).toBe(true);
		expect(f.kv.length).toBe(0); // ends empty
	});
	it('reports a pop that does not restore the length', async () => {
		const f = fakeBackend();
		const broken = { ...f.b, truncate: () => undefined };
		const rows = await measureLadder(broken, { lengths: [4], decodeSteps: 1, questionTokens: 1, vocabSize: 50, now: f.now });
		expect(rows[0].kvRestored).toBe(false);
	});
	it("is satisfied by the engine's KvBackend (compile-time)", () => {
		const asSpeed = (k: KvBackend): SpeedBackend => k;
		expect(typeof asSpeed).toBe('function');
	});
});

describe('seededIds and validateLadder', () => {
	it('gives the same ids for a seed, never the special ids, always below the vocabulary', () => {
		const a = seededIds(500, 3, 40);
		expect(seededIds(500, 3, 40)).toEqual(a);
		expect(seededIds(500, 4, 40)).not.toEqual(a);
		expect(Math.min(...a)).toBeGreaterThanOrEqual(3);
		expect(Math.max(...a)).toBeLessThan(40);
	});
	it('rejects rungs that do not fit the window', () => {
		expect(validateLadder({ lengths: [1024, 4096], decodeSteps: 16, questionTokens: 60 }, 8192)).toEqual([]);
		expect(validateLadder({ lengths: [8192], decodeSteps: 16, questionTokens: 60 }, 8192)[0]).toMatch(/exceeds the window/);
		expect(validateLadder({ lengths: [], decodeSteps: 0, questionTokens: 1 }, 8192)).toHaveLength(2);
	});
});
