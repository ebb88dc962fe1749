// Key–value retrieval: its plan builder, scorer, reference and registry entry.
export { buildKvPlan, renderRecord, seededUuid, KV_VERSION, KV_ANSWER_TOKENS, type KvOptions } from './plan';
export { kvAsked, kvInstruction } from './prompt';
export { kvReference } from './reference';
export { kvScore } from './score';
export { kvTask, type KvGold } from './spec';
