import { describe, expect, it } from 'vitest';
import { batchPlan, chooseBatchPaths, isBatchSelfCheckReport, runBatchSelfCheck, type BatchCheckPrompt } from '$lib/engines/webllm/batch/self-check';
import { FakeBatchKv, textIds } from '../fakes/batch';

const PROMPT: BatchCheckPrompt = { context: textIds('the red key is in the box.'), questions: [textIds(' where?'), textIds(' which?')], tail: textIds('a') };

describe('batch self-check on the fake', () => {
	it('a cache whose every path is exact gets verify and batched decoding, in 12 forwards, and is left empty', async () => {
		const kv = new FakeBatchKv({ chunkSize: 64 });
		const r = await runBatchSelfCheck(kv, { ...PROMPT, questions: [textIds(' w'), textIds(' x')] });
		expect(r).toMatchObject({ questionPath: 'verify', batchedDecode: true, popRestored: true });
		expect(r.decode).toMatchObject({ maxAbsDiff: 0, ok: true, positions: 6, argmaxSame: 6 });
		expect(r.verify).toMatchObject({ maxAbsDiff: 0, ok: true });
		expect(r.contextSignal).toBeGreaterThan(1);
		expect(r.bound).toBe(1e-3);
		expect(r.forwards).toBe(12);
		expect(kv.counts.prefill + kv.counts.decode + kv.counts.verify).toBe(12);
		expect(kv.seqs.size).toBe(0);
		expect(isBatchSelfCheckReport(r)).toBe(true);
		expect(batchPlan(r, 'verify')).toBe('verify');
		expect(batchPlan(r, 'decode-steps')).toBe('decode-steps');
	});
	it('the software adapter’s flaw (verify on a cached prefix is wrong) keeps batched decoding, feeds questions by steps', async () => {
		const r = await runBatchSelfCheck(new FakeBatchKv({ brokenVerify: true }), PROMPT);
		expect(r).toMatchObject({ questionPath: 'decode-steps', batchedDecode: true });
		expect(r.verify!.ok).toBe(false);
		expect(r.verify!.maxAbsDiff).toBeGreaterThan(0.5);
		expect(r.reason).toMatch(/verify does not/);
		expect(batchPlan(r, 'verify')).toBe('decode-steps');
	});
	it('f32 reordering noise (1e-6, as measured on the software adapter) passes; a wrong-context size error does not', async () => {
		expect((await runBatchSelfCheck(new FakeBatchKv({ batchNoise: 1e-6 }), PROMPT)).questionPath).toBe('verify');
		const bad = await runBatchSelfCheck(new FakeBatchKv({ batchNoise: 0.3 }), PROMPT);
		expect(bad).toMatchObject({ questionPath: 'none', batchedDecode: false });
		expect(batchPlan(bad, 'verify')).toBeNull();
	});
	it('rows that come back for the wrong sequence reject batched decoding', async () => {
		const r = await runBatchSelfCheck(new FakeBatchKv({ swappedRows: true }), PROMPT);
		expect(r.questionPath).toBe('none');
		expect(r.decode!.argmaxSame).toBeLessThan(r.decode!.positions);
	});
	it('a pop that does not restore the sequence rejects verify (drafts need it)', async () => {
		const r = await runBatchSelfCheck(new FakeBatchKv({ brokenPop: true }), PROMPT);
		expect(r).toMatchObject({ questionPath: 'decode-steps', popRestored: false });
		expect(r.reason).toMatch(/popping/);
	});
	it('a fork that loses tokens fails the check, and the cache is left empty', async () => {
		const kv = new FakeBatchKv({ brokenFork: true });
		const r = await runBatchSelfCheck(kv, PROMPT);
		expect(r.questionPath).toBe('none');
		expect(r.reason).toMatch(/forked sequence holds/);
		expect(kv.seqs.size).toBe(0);
	});
	it('identical questions give no context signal: nothing can be verified', async () => {
		const r = await runBatchSelfCheck(new FakeBatchKv(), { ...PROMPT, questions: [PROMPT.questions[0], PROMPT.questions[0]] });
		expect(r).toMatchObject({ questionPath: 'none', contextSignal: 0 });
	});
	it('refuses a prompt too small to measure, or a cache with too few sequences', async () => {
		expect((await runBatchSelfCheck(new FakeBatchKv(), { ...PROMPT, tail: [] })).questionPath).toBe('none');
		expect((await runBatchSelfCheck(new FakeBatchKv({ maxSequences: 2 }), PROMPT)).reason).toMatch(/3 sequences/);
	});
});

describe('chooseBatchPaths and the report check', () => {
	const m = (ok: boolean) => ({ maxAbsDiff: ok ? 1e-5 : 2, argmaxSame: 3, positions: 3, ok });
	it('falls back path by path', () => {
		expect(chooseBatchPaths(m(true), m(true), true, 3).questionPath).toBe('verify');
		expect(chooseBatchPaths(m(true), m(false), true, 3).questionPath).toBe('decode-steps');
		expect(chooseBatchPaths(m(true), m(true), false, 3).questionPath).toBe('decode-steps');
		expect(chooseBatchPaths(m(false), m(true), true, 3)).toMatchObject({ questionPath: 'none', batchedDecode: false });
		expect(chooseBatchPaths(m(true), m(true), true, 0).questionPath).toBe('none');
	});
	it('rejects malformed reports', () => {
		expect(isBatchSelfCheckReport(null)).toBe(false);
		expect(isBatchSelfCheckReport({ schemaVersion: 1, questionPath: 'fast' })).toBe(false);
		expect(batchPlan(null, 'verify')).toBeNull();
	});
});
