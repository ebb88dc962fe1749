import { describe, expect, it } from 'vitest';
import { createTvmBatchKv, missingBatchInternals, readLibraryMetadata, type PipelineForBatch } from '$lib/engines/webllm/runtime';
import { BatchSession, type BatchQuestion } from '$lib/engines/webllm/batch/session';
import { runBatchSelfCheck } from '$lib/engines/webllm/batch/self-check';
import { goldDraft } from '$lib/engines/webllm/batch/draft';
import { decodeIds, EOS, greedyAlone, makeFakeBatchPipeline, textIds } from '../fakes/batch';

const CONTEXT = textIds('Context: the red key is in the blue box, the green key is under the mat.');
const QUESTIONS: BatchQuestion[] = [' which box?', ' where is it?', ' what colour?', ' is it red?', ' who has it?'].map((q, i) => ({ ids: textIds(q), maxTokens: [16, 40][i % 2] }));
const strip = (a: { ids: number[]; text: string; finishReason: string }) => ({ ids: a.ids, text: a.text, finishReason: a.finishReason });

function setup(o: Parameters<typeof makeFakeBatchPipeline>[0] = {}) {
	const f = makeFakeBatchPipeline(o);
	const kv = createTvmBatchKv(f.pipe as unknown as PipelineForBatch, { maxSequences: 4, capacityTokens: 4096 });
	return { ...f, kv };
}

describe('the batch KV over (fake) TVM pipeline internals', async () => {
	const want = (await Promise.all(QUESTIONS.map((q) => greedyAlone(CONTEXT, q.ids, { maxTokens: q.maxTokens, contextWindow: 4096 })))).map(strip);

	it('makes its own cache with room for B + 1 sequences and reads the library batch limit', () => {
		const { kv, kvs, tvm, pipe } = setup({ maxBatchSize: 80 });
		expect(kvs[0].args).toEqual([4, 4096, 64, 16, 0]);
		expect(kv.maxBatch).toBe(80);
		expect(readLibraryMetadata(pipe as unknown as PipelineForBatch)).toEqual({ maxBatchSize: 80, prefillChunkSize: 64 });
		expect(tvm.depth).toBe(0);
		expect(missingBatchInternals(pipe)).toEqual([]);
		expect(missingBatchInternals({ ...pipe, prefill: undefined })).toEqual(['prefill']);
		expect(missingBatchInternals(null)).toEqual(['pipeline']);
	});

	for (const questionPath of ['decode-steps', 'verify'] as const)
		it(`answers equal one-at-a-time greedy answers (${questionPath}, with and without drafts)`, async () => {
			const { kv, tvm, kvs } = setup();
			const s = new BatchSession(kv);
			await s.prefillContext(CONTEXT);
			const o = { B: 3, questionPath, stopTokenIds: [EOS], contextWindow: 4096, decode: decodeIds };
			expect((await s.answer(QUESTIONS, o)).map(strip)).toEqual(want);
			const right = QUESTIONS.map((q, i) => ({ ...q, draft: goldDraft(want[i].ids, EOS) }));
			expect((await s.answer(right, o)).map(strip)).toEqual(want);
			const wrong = QUESTIONS.map((q, i) => ({ ...q, draft: want[i].ids.map((t, j) => (j === 2 ? t + 1 : t)) }));
			expect((await s.answer(wrong, o)).map(strip)).toEqual(want);
			expect(tvm.depth).toBe(0);
			expect([...kvs[0].seqs.keys()]).toEqual([0]);
			if (questionPath === 'verify') expect(tvm.calls).toContain('batch_verify');
			expect(tvm.calls).toContain('batch_decode');
			kv.dispose();
			expect(kvs[0].disposed).toBe(true);
		});

	it('the self-check over it accepts verify on an exact device and rejects it on the software adapter’s flaw', async () => {
		const prompt = { context: textIds('the red key is in the box.'), questions: [textIds(' w'), textIds(' x')] as [number[], number[]], tail: textIds('a') };
		const good = await runBatchSelfCheck(setup().kv, prompt);
		expect(good).toMatchObject({ questionPath: 'verify', batchedDecode: true, popRestored: true, forwards: 12 });
		const bad = await runBatchSelfCheck(setup({ brokenVerify: true }).kv, prompt);
		expect(bad).toMatchObject({ questionPath: 'decode-steps', batchedDecode: true });
		expect(bad.verify!.maxAbsDiff).toBeGreaterThan(0.5);
	});

	it('refuses more tokens than one chunk in a forward', async () => {
		const { kv } = setup({ chunk: 8 });
		kv.addSequence(0);
		await expect(kv.prefill(0, textIds('far too many tokens here'))).rejects.toThrow(/chunk/);
	});
});
