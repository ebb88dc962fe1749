// Prefill accounting: how many prompt tokens an engine has to push through the model.
// With prefix reuse a context is prefilled once when its group starts; each question then costs only its suffix.
import type { ProbeGroup, ScheduledProbe } from './schedule';

/** Tokens prefilled for one probe, given the context whose prefix is already in the engine's cache (if any). */
export function probePrefillTokens(item: ScheduledProbe, warmContextId: string | null, reuse: boolean): number {
	const { probe, context } = item;
	if (reuse && warmContextId === context.id) return Math.max(0, probe.promptTokens - context.prefixTokens);
	return probe.promptTokens;
}

export interface PrefillTotals {
	probes: number;
	naive: number;
	reuse: number;
}

/** Prefill tokens of a whole schedule without and with prefix reuse. */
export function prefillTotals(groups: readonly ProbeGroup[]): PrefillTotals {
	let probes = 0;
	let naive = 0;
	let reuse = 0;
	for (const g of groups) {
		let warm: string | null = null;
		for (const item of g.items) {
			probes++;
			naive += probePrefillTokens(item, null, false);
			reuse += probePrefillTokens(item, warm, true);
			warm = item.context.id;
		}
	}
	return { probes, naive, reuse };
}
