// What scoring needs from the official VaLProbing-32K files: per row its set, position and gold, and whether FILM's
// skip list leaves it out. The files are large (each row holds its whole ~32K-token prompt), so they are read line by
// line and the prompts are checked and dropped; a row whose prompt is not the task's probe is refused.
import type { Gold } from '$lib/types';
import type { Line } from '$lib/tasks/longbench/lines';
import { instructionOf, splitAtInstruction } from '$lib/tasks/instructions';
import { FILM_TASKS } from '$lib/tasks/film-tasks';
import { OFFICIAL_FILE_NAMES, OFFICIAL_ROWS, type ProbeTask } from './published';
import { isObject } from '$lib/util/guards';

export interface OfficialGoldRow {
	setId: number;
	positionId: number;
	gold: Extract<Gold, { kind: 'document' | 'code' | 'database' }>;
	/** Ambiguous in its context: FILM's skip list leaves it out of the scores. */
	skip: boolean;
}

const KNOWN = new Set(['prompt', 'completion', 'label', 'description', 'position_id', 'set_id']);

/** One official row; throws with the row's file and line number when it is not what the task's file holds. */
export function officialGoldRow(line: string, task: ProbeTask, where: string): Omit<OfficialGoldRow, 'skip'> {
	let o: Record<string, unknown>;
	try {
		o = JSON.parse(line);
	} catch {
		throw new Error(`${where}: not valid JSON (a cut-off download?)`);
	}
	if (!isObject(o)) throw new Error(`${where}: expected a JSON object`);
	for (const k of Object.keys(o)) if (!KNOWN.has(k)) throw new Error(`${where}: unknown field "${k}" (is this an official VaLProbing-32K file?)`);
	const need = task === 'database' ? ['prompt', 'label', 'description'] : ['prompt', 'completion'];
	for (const f of need) if (typeof o[f] !== 'string') throw new Error(`${where}: field "${f}" must be a string`);
	for (const f of ['position_id', 'set_id'])
		if (!Number.isInteger(o[f]) || (o[f] as number) < 0) throw new Error(`${where}: field "${f}" must be a whole number ≥ 0`);
	const parts = splitAtInstruction((o.prompt as string).replace(/^<s>\s*/, ''));
	const key = parts && FILM_TASKS[task].asks(instructionOf(parts[1]));
	if (key == null) throw new Error(`${where}: the prompt does not end in a ${task} probe's instruction`);
	const gold: OfficialGoldRow['gold'] =
		task === 'database'
			? { kind: 'database', label: o.label as string, description: o.description as string }
			: { kind: task, completion: o.completion as string };
	return { setId: o.set_id as number, positionId: o.position_id as number, gold };
}

/**
 * Every row of an official file, its skip list applied (indexes into the file). The row count must be the official
 * one: FILM's answer files pair with these rows line by line, so a partial file cannot be scored against them.
 */
export async function readOfficialGolds(lines: AsyncIterable<Line>, task: ProbeTask, skipList: readonly number[], fileName: string): Promise<OfficialGoldRow[]> {
	const skip = new Set(skipList);
	const rows: OfficialGoldRow[] = [];
	const blank: number[] = [];
	for await (const l of lines) {
		const where = `${fileName}:${l.lineNo}`;
		if ('tooLongChars' in l) throw new Error(`${where}: a line of ${l.tooLongChars.toLocaleString('en')} characters, far longer than a probe's`);
		if (!l.text.trim()) {
			blank.push(l.lineNo);
			continue;
		}
		if (blank.length) throw new Error(`${fileName}:${blank[0]}: an empty line inside the file; rows pair with FILM's answers by line, so none may be missing`);
		rows.push({ ...officialGoldRow(l.text, task, where), skip: skip.has(rows.length) });
	}
	const want = OFFICIAL_ROWS[task];
	if (rows.length !== want)
		throw new Error(
			`${fileName} has ${rows.length.toLocaleString('en')} rows; ${OFFICIAL_FILE_NAMES[task]}.jsonl has ${want.toLocaleString('en')}. ` +
				'FILM’s published answers pair with its rows line by line, so only the whole file can be scored: download it again.'
		);
	return rows;
}
