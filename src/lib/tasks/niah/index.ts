// The needle task: its plan builder and its registry entry.
export { buildNiahPlan, needleInstruction, needleSentence, NIAH_VERSION, type NiahOptions } from './plan';
export { niahTask, needleCell, type NiahGold, type NiahSettings } from './spec';
