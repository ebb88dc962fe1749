// The document probe in the registry: word recall of the gold sentence (SPEC.md §2).
import { wordRecall } from '$lib/scoring/recall';
import { filmTaskSpec } from '../film-spec';
import type { TaskSpec } from '../spec';
import { documentItems, type DocumentGold } from './film';

export type { DocumentGold };

export const documentTask: TaskSpec<'document', DocumentGold, object> = filmTaskSpec(documentItems, {
	label: 'Document (sentences, bi-directional)',
	goldShape: { completion: 'string' },
	score: (gold, prediction) => wordRecall(gold.completion, prediction),
	goldText: (gold) => gold.completion,
	syntheticGold: (_key, setId, position) => ({ kind: 'document', completion: `sentence number ${position} of set ${setId}` }),
	probeRow: { write: (g) => ({ completion: g.completion }), read: (field) => ({ kind: 'document', completion: field('completion') }) },
	exportFile: 'sample_document_bi_32k.jsonl'
});
