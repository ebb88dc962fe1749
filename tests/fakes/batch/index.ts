// A fake for the batch paths (src/lib/engines/webllm/batch): a multi-sequence KV cache over a history-hash model,
// and the one-prompt greedy reference that every batched answer must equal.
export { FakeBatchKv, type FakeBatchFlaws, type FakeBatchCounts, type FakeBatchKvOptions } from './batch-kv';
export { logitsFor, historyHash, decodeIds, textIds, tokenizer, EOS, VOCAB } from './model';
export { greedyAlone, singleSequenceBackend } from './reference';
export { makeFakeBatchPipeline, type FakeKvObject } from './tvm-pipeline';
