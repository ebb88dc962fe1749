// Answers at batch speed: many questions on sequences forked off one prefilled context, decoded together, with gold
// drafts checked in one forward. See docs/batch.md.
export { acceptDraft, draftBudget, goldDraft, type DraftVerdict } from './draft';
export { AnswerBuilder, type FinishedAnswer, type FinishReason, type AnswerRules } from './answer';
export { packForwards, SlotTable } from './schedule';
export { chooseBatchSize, kvTokensFor, MEASURED_SWEET_SPOT, type BatchSizeChoice, type BatchSizeInput } from './batch-size';
export { argmax, type BatchKv, type SeqInput } from './kv';
export { BatchSession, type BatchAnswer, type BatchOptions, type BatchQuestion, type BatchStats, type QuestionPath } from './session';
export { runBatchSelfCheck, chooseBatchPaths, batchPlan, isBatchSelfCheckReport, type BatchSelfCheckReport, type BatchCheckPrompt, type PathMeasure } from './self-check';
export { prepareBatch, draftFromGold, type BatchPrompt, type PreparedBatch } from './prompts';
export { createTvmBatchKv, missingBatchInternals, readLibraryMetadata, type PipelineForBatch, type TvmBatchKvOptions } from '../runtime';
