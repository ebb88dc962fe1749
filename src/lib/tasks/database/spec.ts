// The database probe in the registry: label or description as a substring (SPEC.md §2).
import { databaseScore } from '$lib/scoring/substring';
import { filmTaskSpec } from '../film-spec';
import type { TaskSpec } from '../spec';
import { databaseItems, type DatabaseGold } from './film';

export type { DatabaseGold };

/**
 * The gold as one text, wherever it is shown, exported or offered as a draft. FILM credits an answer holding the
 * label or the description, so the text holds both verbatim, in the words the context itself renders them with
 * (`label: …, description: …`): what a model that copies the item writes, and unambiguous to read back.
 */
export function databaseGoldText(g: Pick<DatabaseGold, 'label' | 'description'>): string {
	return `label: ${g.label}, description: ${g.description}`;
}

export const databaseTask: TaskSpec<'database', DatabaseGold, object> = filmTaskSpec(databaseItems, {
	label: 'Database (entities, forward)',
	goldShape: { label: 'string', description: 'string' },
	score: (gold, prediction) => databaseScore(gold.label, gold.description, prediction),
	goldText: databaseGoldText,
	syntheticGold: (key) => ({ kind: 'database', label: `label ${key}`, description: `description ${key}` }),
	probeRow: {
		write: (g) => ({ label: g.label, description: g.description }),
		read: (field) => ({ kind: 'database', label: field('label'), description: field('description') })
	},
	exportFile: 'sample_database_forward_32k.jsonl'
});
