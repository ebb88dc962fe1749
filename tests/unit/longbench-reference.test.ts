// The reference on long-document QA answers with the gold, so it draws the ideal line there too; its estimate
// counts the rows the run will really ask (the demo set's 16, not a guess of 1,800).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildPlan, taskOptions } from '$lib/app/plans';
import { presetSettings } from '$lib/app/settings';
import { planShape } from '$lib/app/plan-shape';
import { estimateRun } from '$lib/app/estimate';
import { createOracleEngine } from '$lib/engines/oracle';
import { executeRun } from '$lib/runner/execute';
import { memorySink } from '$lib/runner/sink';
import { referenceAnswerer } from '$lib/tasks/registry';
import { summarizeLongbench } from '$lib/tasks/longbench';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import type { ProbePlan } from '$lib/types';

const staticFetch = (async (url: string) => new Response(await readFile(`static${url}`))) as unknown as typeof fetch;
const deps = { pools: nodePools, tokenizer: nodeMistralTokenizer, fetcher: staticFetch };

let plan: ProbePlan;
beforeAll(async () => {
	plan = await buildPlan('longbench', taskOptions(presetSettings('longdoc'), 'longbench'), deps);
});

describe('the reference on LongBench', () => {
	it('answers every demo question with its gold and scores 100 on every dataset', async () => {
		const sink = memorySink();
		const outcome = await executeRun({ runId: 'r', plans: [plan], engine: createOracleEngine(referenceAnswerer([plan])), sink });
		expect(outcome.status).toBe('complete');
		const answers = await sink.load();
		expect(answers).toHaveLength(16);
		for (const a of answers) {
			expect(a.text, a.probeId).not.toBe('');
			expect(a.score, a.probeId).toBeGreaterThan(0.9999);
		}
		const summary = summarizeLongbench(answers.map((a) => ({ dataset: a.gold.kind === 'qa' ? a.gold.dataset : '', score: a.score })));
		for (const d of Object.values(summary.datasets)) expect(d.score).toBe(100);
		expect(summary.avg).toBe(100);
	});

	it('says nothing for a prompt that is not in the plan (nor without one, as on the command line)', () => {
		const probe = plan.probes[1];
		const ctx = plan.contexts.find((c) => c.id === probe.contextId)!;
		const prompt = ctx.prefix + probe.suffix;
		expect(probe.gold.kind === 'qa' && probe.gold.answers[0]).toBeTruthy();
		expect(referenceAnswerer([plan])(prompt)).toBe(probe.gold.kind === 'qa' ? probe.gold.answers[0] : null);
		expect(referenceAnswerer([plan])(prompt.replace(/.$/, '?'))).toBe('');
		expect(referenceAnswerer([])(prompt)).toBe('');
	});

	it('estimates the demo run from its 16 questions', () => {
		const e = estimateRun(presetSettings('longdoc'), planShape([plan], () => 10));
		expect(e.questions).toBe(16);
		expect(e.contexts).toBeGreaterThan(1);
		expect(e.contexts).toBeLessThanOrEqual(16);
	});
});
