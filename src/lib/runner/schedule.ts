// Which question comes next. Probes that share a context run back to back, so an engine that reuses a prefix
// prefills each ~32K-token context once per set instead of once per question. The order is deterministic:
// plans in the order given, contexts in plan order, probes of a context in plan order.
import type { Probe, ProbeContext, ProbePlan, TaskName } from '$lib/types';

export interface ScheduledProbe {
	task: TaskName;
	/** Index of the probe in its plan (the line index of FILM's probe files). */
	index: number;
	probe: Probe;
	context: ProbeContext;
}

export interface ProbeGroup {
	context: ProbeContext;
	items: ScheduledProbe[];
}

/** Throws when plans are inconsistent: duplicate probe ids, or a probe whose context is missing. */
export function scheduleProbes(plans: readonly ProbePlan[], answered: ReadonlySet<string> = new Set()): ProbeGroup[] {
	const seen = new Set<string>();
	const groups: ProbeGroup[] = [];
	for (const plan of plans) {
		const contexts = new Map(plan.contexts.map((c) => [c.id, c]));
		const byContext = new Map<string, ScheduledProbe[]>();
		plan.probes.forEach((probe, index) => {
			if (seen.has(probe.id)) throw new Error(`probe id ${probe.id} occurs twice in the run's plans`);
			seen.add(probe.id);
			const context = contexts.get(probe.contextId);
			if (!context) throw new Error(`probe ${probe.id} points at a context ${probe.contextId} that its plan lacks`);
			if (answered.has(probe.id)) return;
			let list = byContext.get(context.id);
			if (!list) byContext.set(context.id, (list = []));
			list.push({ task: plan.task, index, probe, context });
		});
		// plan.contexts gives the order; contexts never referenced by a pending probe drop out.
		for (const c of plan.contexts) {
			const items = byContext.get(c.id);
			if (items?.length) groups.push({ context: c, items });
		}
	}
	return groups;
}

export function flatten(groups: readonly ProbeGroup[]): ScheduledProbe[] {
	return groups.flatMap((g) => g.items);
}
