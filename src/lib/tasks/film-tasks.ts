// The three VaL probing tasks of FILM (SPEC.md §2): how an item is rendered, what is asked, what is right.
import type { Gold } from '$lib/types';
import type { EntityRow, FilmPools, FunctionRow, SentenceRow } from './pools';

export type FilmTaskName = keyof FilmPools;

export interface FilmTaskSpec<Row> {
	task: FilmTaskName;
	/** Bumped whenever rendering, instruction or drawing changes, so stored runs say which probes they answered. */
	version: string;
	/** The paper's items per ~32K context. */
	paperItems: number;
	render(row: Row): string;
	key(row: Row): string;
	/** The instruction, verbatim from FILM (odd spaces included). */
	instruction(key: string): string;
	gold(row: Row): Gold;
}

export const documentTask: FilmTaskSpec<SentenceRow> = {
	task: 'document',
	version: 'document-bi-1',
	paperItems: 800,
	render: (r) => r.sentence,
	key: (r) => r.piece,
	instruction: (piece) => `In above context, which sentence contains the piece "${piece}"?`,
	gold: (r) => ({ kind: 'document', completion: r.sentence })
};

export const codeTask: FilmTaskSpec<FunctionRow> = {
	task: 'code',
	version: 'code-backward-1',
	paperItems: 800,
	// The paper's figure: `def name:` without parentheses, then the three body lines as given.
	render: (r) => `def ${r.function_name}:\n${r.function_define}`,
	key: (r) => r.piece,
	instruction: (piece) => `In above context, which function contains the code snip "${piece}" ?`,
	gold: (r) => ({ kind: 'code', completion: r.function_name })
};

export const databaseTask: FilmTaskSpec<EntityRow> = {
	task: 'database',
	version: 'database-forward-1',
	paperItems: 750,
	render: (r) => `<id: ${r.id}, label: ${r.label}, description: ${r.dcpt}>`,
	key: (r) => r.id,
	instruction: (id) => `In above context , what is the label and description for the query where the id is ${id} ?`,
	gold: (r) => ({ kind: 'database', label: r.label, description: r.dcpt })
};

export const FILM_TASKS = { document: documentTask, code: codeTask, database: databaseTask } as const;
