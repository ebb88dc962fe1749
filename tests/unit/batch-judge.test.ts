import { describe, expect, it } from 'vitest';
import { judge } from '../engine/batch-judge';
import type { BatchCheckOutput, CheckFigures } from '../engine/batch-page';

const figures = (verifyOk: boolean): CheckFigures => ({
	questionPath: verifyOk ? 'verify' : 'decode-steps', decodeDiff: 1e-6, verifyDiff: verifyOk ? 1e-5 : 1.7, bound: 1e-3, contextSignal: 2.5, reason: ''
});
const a = (text: string, tokens = 2) => ({ text, finishReason: 'length', tokens });
const out = (o: Partial<BatchCheckOutput> = {}): BatchCheckOutput => ({
	adapter: 'google swiftshader', loadMs: 1, reference: [a('w5 w6'), a('w7 w8')], referenceMs: 1, selfCheck: figures(false), path: 'batch:decode-steps', fallback: null,
	batched: [a('w5 w6'), a('w7 w8')].map((x) => ({ ...x, draftFed: 0, draftAccepted: 0 })), batchMs: 1, details: {}, ...o
});

describe('the batch real-runtime check’s verdict', () => {
	it('passes identical answers with verify rejected on the software adapter', () => {
		expect(judge(out())).toEqual([]);
	});
	it('fails a batched answer that differs from the one-at-a-time answer, in text, end or length', () => {
		for (const change of [{ text: 'w7 w9' }, { finishReason: 'stop' }, { tokens: 3 }]) {
			const o = out();
			o.batched[1] = { ...o.batched[1], ...change };
			expect(judge(o).join()).toMatch(/question 1/);
		}
	});
	it('fails verify kept on SwiftShader, but not on another adapter', () => {
		expect(judge(out({ selfCheck: figures(true), path: 'batch:verify' })).join()).toMatch(/software adapter/);
		expect(judge(out({ adapter: 'nvidia', selfCheck: figures(true), path: 'batch:verify' }))).toEqual([]);
	});
	it('fails a fallback to one at a time, a path other than the chosen one, or a failed page', () => {
		expect(judge(out({ path: 'full-prefill', fallback: 'no path' })).join()).toMatch(/not used/);
		expect(judge(out({ path: 'batch:verify' })).join()).toMatch(/self-check chose decode-steps/);
		expect(judge(out({ error: 'boom' })).join()).toMatch(/page failed/);
		expect(judge(out({ selfCheck: null })).join()).toMatch(/no batch self-check/);
	});
	it('fails when no answer reached a second token, or the context did not matter', () => {
		expect(judge(out({ reference: [a('w5', 1), a('w7', 1)], batched: [a('w5', 1), a('w7', 1)].map((x) => ({ ...x, draftFed: 0, draftAccepted: 0 })) })).join()).toMatch(/two tokens/);
		expect(judge(out({ selfCheck: { ...figures(false), contextSignal: 0 } })).join()).toMatch(/context signal/);
	});
});
