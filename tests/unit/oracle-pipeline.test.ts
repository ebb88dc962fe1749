import { beforeAll, describe, expect, it } from 'vitest';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import { buildFilmPlan } from '$lib/tasks/film-plan';
import { buildNiahPlan } from '$lib/tasks/niah';
import { createOracleEngine } from '$lib/engines/oracle';
import { referenceAnswerer } from '$lib/tasks/registry';
import { scoreAnswer } from '$lib/scoring';
import { aggregate } from '$lib/scoring/aggregate';
import { fullPrompt } from '$lib/tasks/prompt';
import type { ProbePlan } from '$lib/types';
import type { FilmPools } from '$lib/tasks/pools';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';

let tok: TextTokenizer;
let pools: FilmPools;
beforeAll(async () => {
	tok = await nodeMistralTokenizer();
	pools = await nodePools();
});

async function runOracle(plan: ProbePlan, withPlan = true) {
	const engine = createOracleEngine(referenceAnswerer(withPlan ? [plan] : []));
	const byId = new Map(plan.contexts.map((c) => [c.id, c]));
	const points = [];
	for (const p of plan.probes) {
		const g = await engine.generate({ prompt: fullPrompt(byId.get(p.contextId)!, p), prefix: byId.get(p.contextId)!.prefix, maxTokens: p.maxNewTokens });
		points.push({ setId: p.setId, positionId: p.positionId, score: scoreAnswer(p.gold, g.text) });
	}
	return aggregate(points);
}

describe('the perfect-retrieval reference through the whole pipeline at 32K', () => {
	it.each(['document', 'code', 'database'] as const)('%s scores 100 Avg / 0 Gap', async (task) => {
		const plan = buildFilmPlan(task, pools, tok);
		const agg = await runOracle(plan);
		expect(agg.scored).toBe(plan.probes.length);
		expect(agg.avg).toBe(100);
		expect(agg.gap).toBe(0);
		expect(agg.buckets).toHaveLength(task === 'database' ? 15 : 16);
	});

	it('code and database need no plan: the prompt alone is enough', async () => {
		for (const task of ['code', 'database'] as const) {
			const agg = await runOracle(buildFilmPlan(task, pools, tok, { contextTokens: 8192, sets: 1 }), false);
			expect(agg.avg).toBe(100);
		}
	});

	it('answers the needle at every length and depth', async () => {
		const plan = buildNiahPlan(pools.document, tok, { lengths: [2048, 8192], depths: [0, 50, 100] });
		expect(plan.probes).toHaveLength(6);
		const engine = createOracleEngine(referenceAnswerer([plan]));
		for (const p of plan.probes) {
			const ctx = plan.contexts.find((c) => c.id === p.contextId)!;
			expect(scoreAnswer(p.gold, (await engine.generate({ prompt: fullPrompt(ctx, p), maxTokens: 32 })).text)).toBe(1);
			expect(p.promptTokens).toBe(1 + tok.encode(fullPrompt(ctx, p)).length);
			expect(p.promptTokens + p.maxNewTokens).toBeLessThanOrEqual(p.meta!.contextLength as number);
		}
	});

	it('gives no answer when the key is missing or appears twice', () => {
		const oracleAnswer = referenceAnswerer();
		const head = '[INST] x\n\n### Context:\n<id: Q1, label: A, description: B>';
		expect(oracleAnswer(`${head}\n\n### Instruction:\nIn above context , what is the label and description for the query where the id is Q9 ? [/INST]`)).toBe('');
		expect(oracleAnswer(`${head} <id: Q1, label: C, description: D>\n\n### Instruction:\nIn above context , what is the label and description for the query where the id is Q1 ? [/INST]`)).toBe('');
		expect(oracleAnswer(`${head}\n\n### Instruction:\nIn above context , what is the label and description for the query where the id is Q1 ? [/INST]`)).toBe('A, B');
	});
});
