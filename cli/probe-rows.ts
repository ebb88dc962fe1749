// Probe files: one JSON object a line, the full FILM prompt included, so any tool (or FILM's own scripts) can use
// them without this project. Rows are validated on the way in.
import type { Gold, Probe, ProbeContext, ProbePlan, TaskName } from '$lib/types';
import type { ProbeRowOut } from '$lib/tasks/probe-row';

export type { ProbeRowOut };
import { fullPrompt } from '$lib/tasks/prompt';


export function toRow(ctx: ProbeContext, probe: Probe): ProbeRowOut {
	const row: ProbeRowOut = {
		id: probe.id,
		task: probe.task,
		set_id: probe.setId,
		position_id: probe.positionId,
		prompt: fullPrompt(ctx, probe),
		key: probe.key,
		token_offset: probe.tokenOffset,
		prompt_tokens: probe.promptTokens,
		context_id: probe.contextId,
		max_new_tokens: probe.maxNewTokens
	};
	const g = probe.gold;
	if (g.kind === 'database') Object.assign(row, { label: g.label, description: g.description });
	else if (g.kind === 'niah') row.completion = g.value;
	else if (g.kind === 'document' || g.kind === 'code') row.completion = g.completion;
	if (probe.meta) row.meta = probe.meta;
	return row;
}

export function* planRows(plan: ProbePlan): Generator<string> {
	const byId = new Map(plan.contexts.map((c) => [c.id, c]));
	for (const p of plan.probes) yield JSON.stringify(toRow(byId.get(p.contextId)!, p));
}

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

const TASKS = ['document', 'code', 'database', 'niah'] as const;

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
	const task = str('task') as (typeof TASKS)[number];
	if (!TASKS.includes(task)) throw new Error(`${where}: unknown task ${JSON.stringify(task)} (expected ${TASKS.join(', ')})`);
	const gold: Gold =
		task === 'database'
			? { kind: 'database', label: str('label'), description: str('description') }
			: task === 'niah'
				? { kind: 'niah', value: str('completion') }
				: { kind: task, completion: str('completion') };
	return {
		id: str('id'),
		task,
		setId: int('set_id'),
		positionId: int('position_id'),
		gold,
		skip: o.skip === true,
		tokenOffset: Number.isInteger(o.token_offset) ? (o.token_offset as number) : null
	};
}
