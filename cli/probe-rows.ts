// Probe files read back for scoring: one JSON object a line, validated, its gold read by the fields its task's
// registry entry names. (Rows are written by tasks/probe-row.ts.)
import type { Gold, TaskName } from '$lib/types';
import { taskSpecs } from '$lib/tasks/registry';

/** What scoring needs of a row. */
export interface ScoringRow {
	id: string;
	task: TaskName;
	setId: number;
	positionId: number;
	gold: Gold;
	skip: boolean;
	tokenOffset: number | null;
}

/** Tasks whose rows are the common probe rows (tasks with their own row format are scored by their entry). */
const ROW_TASKS = () => taskSpecs().filter((s) => s.probeRow);

export function parseScoringRow(obj: unknown, where: string): ScoringRow {
	if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error(`${where}: expected a JSON object`);
	const o = obj as Record<string, unknown>;
	const str = (f: string) => {
		if (typeof o[f] !== 'string') throw new Error(`${where}: field "${f}" must be a string`);
		return o[f] as string;
	};
	const int = (f: string) => {
		if (!Number.isInteger(o[f])) throw new Error(`${where}: field "${f}" must be a whole number`);
		return o[f] as number;
	};
	const task = str('task');
	const spec = ROW_TASKS().find((s) => s.name === task);
	if (!spec) throw new Error(`${where}: unknown task ${JSON.stringify(task)} (expected ${ROW_TASKS().map((s) => s.name).join(', ')})`);
	const gold = spec.probeRow!.read(str);
	return {
		id: str('id'),
		task: spec.name,
		setId: int('set_id'),
		positionId: int('position_id'),
		gold,
		skip: o.skip === true,
		tokenOffset: Number.isInteger(o.token_offset) ? (o.token_offset as number) : null
	};
}
