// Benchmark: build every probe of the paper's plan (3 tasks × 4 sets, 9,400 probes, ≈390K context tokens), and
// compare tokenizer throughput with mistral-tokenizer-js on the same text.
import mt from 'mistral-tokenizer-js';
import { buildFilmPlan } from '$lib/tasks/film-plan';
import type { FilmPools } from '$lib/tasks/pools';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';

export interface PlanBench {
	probes: number;
	contexts: number;
	context_tokens: number;
	redraws: number;
	plan_ms: number;
	per_task_ms: Record<string, number>;
}

export function benchPlan(tok: TextTokenizer, pools: FilmPools): PlanBench {
	const perTask: Record<string, number> = {};
	let probes = 0;
	let contexts = 0;
	let tokens = 0;
	let redraws = 0;
	const start = performance.now();
	for (const task of ['document', 'code', 'database'] as const) {
		const t = performance.now();
		const plan = buildFilmPlan(task, pools, tok);
		perTask[task] = round(performance.now() - t);
		probes += plan.probes.length;
		contexts += plan.contexts.length;
		tokens += plan.contexts.reduce((a, c) => a + c.prefixTokens, 0);
		redraws += plan.redraws;
	}
	return { probes, contexts, context_tokens: tokens, redraws, plan_ms: round(performance.now() - start), per_task_ms: perTask };
}

export interface TokenizerBench {
	tokens: number;
	web_tokenizers_tokens_per_s: number;
	mistral_tokenizer_js_tokens_per_s: number;
	same_ids: boolean;
}

export function benchTokenizer(tok: TextTokenizer, pools: FilmPools): TokenizerBench {
	const text = pools.document.slice(0, 4000).map((r) => r.sentence).join(' ');
	tok.encode(text.slice(0, 1000)); // warm up
	let t = performance.now();
	const ours = tok.encode(text);
	const oursS = (performance.now() - t) / 1000;
	t = performance.now();
	const theirs = mt.encode(text, false, true);
	const theirsS = (performance.now() - t) / 1000;
	return {
		tokens: ours.length,
		web_tokenizers_tokens_per_s: Math.round(ours.length / oursS),
		mistral_tokenizer_js_tokens_per_s: Math.round(theirs.length / theirsS),
		same_ids: ours.length === theirs.length && ours.every((id, i) => id === theirs[i])
	};
}

function round(ms: number): number {
	return Math.round(ms * 10) / 10;
}
