import { describe, expect, it } from 'vitest';
import { judge } from '../engine/batch-judge';
import type { BatchCheckOutput } from '../engine/batch-page';
import type { BatchSelfCheckReport } from '$lib/engines/webllm/batch/self-check';

const m = (d: number, ok: boolean) => ({ maxAbsDiff: d, argmaxSame: 6, positions: 6, ok });
const report = (verifyOk: boolean): BatchSelfCheckReport => ({
	schemaVersion: 1, questionPath: verifyOk ? 'verify' : 'decode-steps', batchedDecode: true, decode: m(1e-6, true), verify: verifyOk ? m(1e-5, true) : m(1.7, false),
	popRestored: true, contextSignal: 2.5, tolerance: 1e-3, bound: 1e-3, forwards: 12, reason: '', ms: 1
});
const a = (ids: number[]) => ({ ids, text: ids.join(' '), finishReason: 'length' });
const out = (o: Partial<BatchCheckOutput> = {}): BatchCheckOutput => ({
	adapter: 'google swiftshader', loadMs: 1, missing: [], library: {}, reference: [a([5, 6]), a([7, 8])], referenceMs: 1, selfCheck: report(false), path: 'decode-steps',
	batched: [a([5, 6]), a([7, 8])].map((x) => ({ ...x, forwards: 3, draftFed: 0, draftAccepted: 0 })), batchMs: 1, batchStats: null, ...o
});

describe('the batch real-runtime check’s verdict', () => {
	it('passes identical answers with verify rejected on the software adapter', () => {
		expect(judge(out())).toEqual([]);
	});
	it('fails a batched answer that differs from the one-at-a-time answer', () => {
		const o = out();
		o.batched[1] = { ...o.batched[1], ids: [7, 9] };
		expect(judge(o).join()).toMatch(/question 1/);
	});
	it('fails verify accepted on SwiftShader, but not on another adapter', () => {
		expect(judge(out({ selfCheck: report(true), path: 'verify' })).join()).toMatch(/software adapter/);
		expect(judge(out({ adapter: 'nvidia', selfCheck: report(true), path: 'verify' }))).toEqual([]);
	});
	it('fails when no batch path was kept or the page failed', () => {
		expect(judge(out({ path: null })).join()).toMatch(/no batch path/);
		expect(judge(out({ error: 'boom' })).join()).toMatch(/boom/);
		expect(judge(out({ selfCheck: null })).join()).toMatch(/no batch self-check/);
	});
});
