import { describe, expect, it } from 'vitest';
import { browserMistralTokenizer } from '$lib/tokenize/browser';
import { browserPools } from '$lib/tasks/browser-pools';
import { buildFilmPlan } from '$lib/tasks/film-plan';

describe('the tokenizer and the plan builder in real Chromium', () => {
	it('gives the reference ids of SPEC.md §1', async () => {
		const tok = await browserMistralTokenizer();
		expect([tok.bosId, ...tok.encode('[INST]')]).toEqual([1, 733, 16289, 28793]);
		expect([tok.bosId, ...tok.encode('Hello world')]).toEqual([1, 22557, 1526]);
	});

	it('builds a token-exact quick-look plan from the app\'s own pool files', async () => {
		const tok = await browserMistralTokenizer();
		const pools = await browserPools();
		expect(pools.database.length).toBe(13319);
		const plan = buildFilmPlan('database', pools, tok, { contextTokens: 4096, sets: 1, positions: 4, verify: true });
		expect(plan.probes).toHaveLength(4);
		const ctx = plan.contexts[0];
		for (const p of plan.probes) expect(p.promptTokens).toBe(1 + tok.encode(ctx.prefix + p.suffix).length);
	});
});
