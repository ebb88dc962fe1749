import { beforeAll, describe, expect, it } from 'vitest';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import { buildFilmPlan } from '$lib/tasks/film-plan';
import { occurrences } from '$lib/tasks/ambiguity';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import type { FilmPools } from '$lib/tasks/pools';
import type { ProbePlan } from '$lib/types';

let tok: TextTokenizer;
let pools: FilmPools;
const plans: Record<string, ProbePlan> = {};

beforeAll(async () => {
	tok = await nodeMistralTokenizer();
	pools = await nodePools();
	for (const task of ['document', 'code', 'database'] as const) plans[task] = buildFilmPlan(task, pools, tok, { verify: true });
});

describe('paper preset at 32,768 tokens', () => {
	it.each([
		['document', 800],
		['code', 800],
		['database', 750]
	])('%s: 4 sets of %i items, every position asked once, every prompt inside the window', (task, items) => {
		const plan = plans[task];
		expect(plan.contexts).toHaveLength(4);
		expect(plan.contexts.every((c) => c.itemCount === items)).toBe(true);
		expect(plan.probes).toHaveLength(4 * items);
		for (const c of plan.contexts) {
			const positions = plan.probes.filter((p) => p.contextId === c.id).map((p) => p.positionId);
			expect(positions).toEqual(Array.from({ length: items }, (_, i) => i));
		}
		expect(Math.max(...plan.probes.map((p) => p.promptTokens + p.maxNewTokens))).toBeLessThanOrEqual(32768);
	});

	it('database contexts need redraws to fit (750 entities are ~34K tokens on average) and report them', () => {
		expect(plans.database.redraws).toBeGreaterThan(0);
		expect(Math.max(...plans.database.contexts.map((c) => c.prefixTokens))).toBeGreaterThan(30000);
	});

	it('no probe is ambiguous: each key occurs exactly once in its context', () => {
		for (const plan of Object.values(plans)) {
			const byId = new Map(plan.contexts.map((c) => [c.id, c]));
			for (const p of plan.probes) expect(occurrences(p.task, byId.get(p.contextId)!.prefix, p.key), p.id).toBe(1);
		}
	});

	it('token offsets and prompt lengths equal a full tokenization of the prompt', () => {
		for (const plan of Object.values(plans)) {
			const ctx = plan.contexts[1];
			for (const pos of [0, 1, 377, ctx.itemCount - 1]) {
				const probe = plan.probes.find((p) => p.contextId === ctx.id && p.positionId === pos)!;
				const start = ctx.itemCharOffsets![pos];
				// Tokens before the item: everything up to (not including) the joining space or after the newline.
				const before = ctx.prefix.slice(0, ctx.prefix[start - 1] === ' ' ? start - 1 : start);
				expect(probe.tokenOffset, `${probe.id}`).toBe(1 + tok.encode(before).length);
				expect(probe.promptTokens).toBe(1 + tok.encode(ctx.prefix + probe.suffix).length);
			}
		}
	});

	it('is deterministic for a seed and changes with the seed', () => {
		const again = buildFilmPlan('code', pools, tok, { sets: 1 });
		expect(again.contexts[0].prefix).toBe(plans.code.contexts[0].prefix);
		const other = buildFilmPlan('code', pools, tok, { sets: 1, seed: 7 });
		expect(other.contexts[0].prefix).not.toBe(plans.code.contexts[0].prefix);
	});

	it('uses the verbatim FILM instructions', () => {
		expect(plans.document.probes[0].suffix).toMatch(/^\n\n### Instruction:\nIn above context, which sentence contains the piece ".+"\? \[\/INST\]$/);
		expect(plans.code.probes[0].instruction).toMatch(/^In above context, which function contains the code snip ".+" \?$/);
		expect(plans.database.probes[0].instruction).toMatch(/^In above context , what is the label and description for the query where the id is Q\d+ \?$/);
		expect(plans.code.contexts[0].prefix).toContain('\n\n### Context:\ndef ');
	});
});

describe('other context lengths and samples', () => {
	it('fits as many items as a 4K window takes (binary search), never more', () => {
		const plan = buildFilmPlan('document', pools, tok, { contextTokens: 4096, sets: 2, verify: true });
		for (const c of plan.contexts) expect(c.itemCount).toBeGreaterThan(50);
		const worst = Math.max(...plan.probes.map((p) => p.promptTokens + p.maxNewTokens));
		expect(worst).toBeLessThanOrEqual(4096);
		expect(worst).toBeGreaterThan(4096 - 120);
	});
	it('asks an even sample of positions for a quick look', () => {
		const plan = buildFilmPlan('code', pools, tok, { contextTokens: 8192, sets: 1, positions: 5 });
		const n = plan.contexts[0].itemCount;
		expect(plan.probes.map((p) => p.positionId)).toEqual([0, Math.round((n - 1) / 4), Math.round((n - 1) / 2), Math.round((3 * (n - 1)) / 4), n - 1]);
	});
	it('refuses a budget too small for even one item, naming the option', () => {
		expect(() => buildFilmPlan('document', pools, tok, { contextTokens: 200, sets: 1 })).toThrow(/context-tokens 200/);
		expect(() => buildFilmPlan('document', pools, tok, { sets: 0 })).toThrow(/--sets/);
	});
});
