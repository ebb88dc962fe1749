// The LongBench task family: import → plan → (engine) → score → summary / table / answer positions.
export * from './datasets';
export { PAPER_TABLE2, PAPER_TABLE2_SOURCE, type PaperRow } from './paper';
export { LONGBENCH_PROMPTS_ORIGIN } from './prompts';
export { LongbenchImportError, readLines, type ByteSource, type ImportErrorKind } from './lines';
export { checkRow, type LongbenchRow } from './row';
export { importLongbench, describeReport, type ImportOptions, type ImportReport, type ImportResult, type SkippedRow } from './import';
export { fileSource, urlSource } from './sources';
export { fillTemplate, shapePrompt, LONGBENCH_WRAPS, type LongbenchWrap } from './prompt';
export { fitToBudget } from './truncate';
export { findAnswer, tokenOffsetAt } from './locate';
export { buildPrompt, longbenchPlan, longbenchPlanAsync, planAccumulator, probeId, LONGBENCH_TASK_VERSION, type LongbenchPlanOptions, type BuiltPrompt } from './plan';
export { summarizeLongbench, longbenchTable, type LongbenchSummary, type LongbenchTable, type TableRow } from './summary';
export { answerPositions, type PositionSample, type PositionChart, type PositionBucket, type PositionPoint } from './positions';
export { toProbeRows, checkProbeRow, scoreProbeRows, type LongbenchProbeRow } from './probe-rows';
export { planFromSource, LONGBENCH_DEMO_URL, type LongbenchTaskOptions } from './task';
