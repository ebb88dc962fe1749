// A probe as one line of a probe file: the full prompt included, so any tool (FILM's own scripts too) can use it.
import type { Probe, ProbeContext, ProbePlan, TaskName } from '$lib/types';
import type { ProbeRowCodec } from './spec';
import { fullPrompt } from './prompt';

export interface ProbeRowOut {
	id: string;
	task: TaskName;
	set_id: number;
	position_id: number;
	prompt: string;
	completion?: string;
	label?: string;
	description?: string;
	key: string;
	token_offset: number | null;
	prompt_tokens: number | null;
	context_id: string;
	max_new_tokens: number;
	meta?: Record<string, number | string>;
	/** Set on imported official rows that FILM's skip lists exclude from scoring. */
	skip?: boolean;
}

export function toRow<G>(ctx: ProbeContext, probe: Probe, codec: ProbeRowCodec<G>): ProbeRowOut {
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
	Object.assign(row, codec.write(probe.gold as unknown as G));
	if (probe.meta) row.meta = probe.meta;
	return row;
}

/** Every probe of a plan as a row, in plan order. */
export function planRowsWith<G>(codec: ProbeRowCodec<G>): (plan: ProbePlan) => Iterable<ProbeRowOut> {
	return function* (plan) {
		const byId = new Map(plan.contexts.map((c) => [c.id, c]));
		for (const p of plan.probes) yield toRow(byId.get(p.contextId)!, p, codec);
	};
}
