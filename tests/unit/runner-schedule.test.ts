import { describe, expect, it } from 'vitest';
import { flatten, scheduleProbes } from '$lib/runner/schedule';
import { prefillTotals, probePrefillTokens } from '$lib/runner/prefill';
import { syntheticPlan } from '../helpers/synthetic-plan';
import type { ProbePlan } from '$lib/types';

/** A plan whose probes interleave contexts, as a builder that walks positions across sets might emit them. */
function interleaved(): ProbePlan {
	const p = syntheticPlan({ sets: 3, positions: 4, prefixTokens: 100, suffixTokens: 10 });
	const order = [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11];
	return { ...p, probes: order.map((i) => p.probes[i]) };
}

describe('scheduling', () => {
	it('runs the probes of one context back to back, contexts in plan order', () => {
		const groups = scheduleProbes([interleaved()]);
		expect(groups.map((g) => g.context.id)).toEqual(['document-s0', 'document-s1', 'document-s2']);
		const flat = flatten(groups);
		const switches = flat.filter((x, i) => i > 0 && flat[i - 1].context.id !== x.context.id).length;
		expect(switches).toBe(2);
		for (const g of groups) expect(g.items.every((x) => x.probe.contextId === g.context.id)).toBe(true);
		expect(groups[1].items.map((x) => x.probe.positionId)).toEqual([0, 1, 2, 3]);
	});

	it('keeps each probe’s index in its plan (FILM line order)', () => {
		const flat = flatten(scheduleProbes([interleaved()]));
		expect(flat[0].index).toBe(0);
		expect(flat[1].index).toBe(3); // document-s0-p1 was the 4th line of the interleaved plan
	});

	it('is deterministic and leaves answered probes out', () => {
		const plans = [syntheticPlan({ task: 'code', sets: 2, positions: 3 }), syntheticPlan({ task: 'database', sets: 2, positions: 3 })];
		const a = flatten(scheduleProbes(plans)).map((x) => x.probe.id);
		expect(flatten(scheduleProbes(plans)).map((x) => x.probe.id)).toEqual(a);
		const answered = new Set([a[0], a[4], a[11]]);
		const rest = flatten(scheduleProbes(plans, answered)).map((x) => x.probe.id);
		expect(rest).toEqual(a.filter((id) => !answered.has(id)));
		expect(a.slice(0, 6).every((id) => id.startsWith('code'))).toBe(true);
	});

	it('refuses duplicate probe ids and probes without their context', () => {
		const p = syntheticPlan({ sets: 1, positions: 2 });
		expect(() => scheduleProbes([p, p])).toThrow(/occurs twice/);
		const broken = { ...p, probes: [{ ...p.probes[0], contextId: 'nowhere' }] };
		expect(() => scheduleProbes([broken])).toThrow(/lacks/);
	});
});

describe('prefill accounting', () => {
	it('counts a shared prefix once per context with reuse, every time without', () => {
		const plan = syntheticPlan({ sets: 3, positions: 5, prefixTokens: 1000, suffixTokens: 20 });
		const t = prefillTotals(scheduleProbes([plan]));
		expect(t.probes).toBe(15);
		expect(t.naive).toBe(15 * 1020);
		expect(t.reuse).toBe(3 * 1000 + 15 * 20);
	});

	it('prefills the whole prompt again when the warm context is another one or reuse is off', () => {
		const [item] = flatten(scheduleProbes([syntheticPlan({ sets: 1, positions: 1, prefixTokens: 50, suffixTokens: 5 })]));
		expect(probePrefillTokens(item, item.context.id, true)).toBe(5);
		expect(probePrefillTokens(item, 'other', true)).toBe(55);
		expect(probePrefillTokens(item, item.context.id, false)).toBe(55);
	});

	it('interleaved plans cost no more than grouped ones once scheduled', () => {
		const grouped = prefillTotals(scheduleProbes([syntheticPlan({ sets: 3, positions: 4, prefixTokens: 100, suffixTokens: 10 })]));
		expect(prefillTotals(scheduleProbes([interleaved()]))).toEqual(grouped);
	});
});
