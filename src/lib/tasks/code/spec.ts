// The code probe in the registry: the function's name as a case-sensitive substring (SPEC.md §2).
import { codeScore } from '$lib/scoring/substring';
import { filmTaskSpec } from '../film-spec';
import type { TaskSpec } from '../spec';
import { codeItems, type CodeGold } from './film';

export type { CodeGold };

export const codeTask: TaskSpec<'code', CodeGold, object> = filmTaskSpec(codeItems, {
	label: 'Code (functions, backward)',
	goldShape: { completion: 'string' },
	score: (gold, prediction) => codeScore(gold.completion, prediction),
	goldText: (gold) => gold.completion,
	syntheticGold: (_key, setId, position) => ({ kind: 'code', completion: `fn_${setId}_${position}` }),
	probeRow: { write: (g) => ({ completion: g.completion }), read: (field) => ({ kind: 'code', completion: field('completion') }) },
	exportFile: 'sample_code_backward_32k.jsonl'
});
