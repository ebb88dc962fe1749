// Runs in real Chromium (vitest browser mode, bench config only): the plan benchmark, printed as one JSON line.
import { expect, it } from 'vitest';
import { browserMistralTokenizer } from '$lib/tokenize/browser';
import { browserPools } from '$lib/tasks/browser-pools';
import { benchPlan, benchTokenizer } from '../plan';

it('plan benchmark in Chromium', async () => {
	const tok = await browserMistralTokenizer();
	const pools = await browserPools();
	const plan = benchPlan(tok, pools);
	const tokenizer = benchTokenizer(tok, pools);
	console.log('BENCH_JSON ' + JSON.stringify({ plan, tokenizer, userAgent: navigator.userAgent }));
	expect(plan.probes).toBe(9400);
});
