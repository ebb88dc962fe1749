// Benchmark: prefill tokens of the paper's full VaL plan (9,400 probes over 12 contexts of ~32K tokens), counted by
// a fake engine that keeps one prefix warm, with and without shared-prefix reuse. No GPU: it measures the schedule.
import type { ProbePlan } from '$lib/types';
import { createFakeEngine } from '../tests/fakes/fake-engine';
import { executeRun } from '$lib/runner/execute';
import { memorySink } from '$lib/runner/sink';
import { syntheticPaperPlans } from '../tests/helpers/synthetic-plan';
import { initialProgress, reduceProgress } from '$lib/runner/progress';

export interface PrefillBench {
	source: 'film' | 'synthetic';
	probes: number;
	contexts: number;
	naive_prefill_tokens: number;
	reuse_prefill_tokens: number;
	/** naive / reuse: how many times fewer tokens the engine prefills with reuse. */
	ratio: number;
	/** The runner's own accounting (progress reducer), which must equal the engine's count. */
	runner_counted_reuse_tokens: number;
	wall_ms: number;
}

/** The paper's plans through the lead's builder and the real tokenizer; null when they cannot be built here. */
async function filmPlans(): Promise<ProbePlan[] | null> {
	try {
		const [{ buildFilmPlan }, { nodePools }, { nodeMistralTokenizer }] = await Promise.all([
			import('$lib/tasks/film-plan'),
			import('$lib/tasks/node-pools'),
			import('$lib/tokenize/node')
		]);
		const [pools, tok] = await Promise.all([nodePools(), nodeMistralTokenizer()]);
		return (['document', 'code', 'database'] as const).map((t) => buildFilmPlan(t, pools, tok));
	} catch (e) {
		process.stderr.write(`bench/prefill: FILM plans unavailable (${(e as Error).message}); using the synthetic plan\n`);
		return null;
	}
}

/** Token counts from the plan itself (prefix and per-probe suffix), so the fake engine counts what the model would. */
function planTokenCounter(plans: readonly ProbePlan[]): (text: string) => number {
	const contexts = plans.flatMap((p) => p.contexts);
	const prefixTokens = new Map(contexts.map((c) => [c.prefix, c.prefixTokens]));
	const suffixTokens = new Map<string, number>();
	const byId = new Map(contexts.map((c) => [c.id, c]));
	for (const p of plans) for (const q of p.probes) suffixTokens.set(`${q.contextId}\u0000${q.suffix}`, q.promptTokens - byId.get(q.contextId)!.prefixTokens);
	let last = contexts[0];
	return (text) => {
		const direct = prefixTokens.get(text);
		if (direct !== undefined) return direct;
		// A full prompt: find its context (the schedule keeps the same one for hundreds of calls in a row).
		const ctx = text.startsWith(last.prefix) ? last : contexts.find((c) => text.startsWith(c.prefix));
		if (!ctx) throw new Error('prompt with an unknown context');
		last = ctx;
		const n = suffixTokens.get(`${ctx.id}\u0000${text.slice(ctx.prefix.length)}`);
		if (n === undefined) throw new Error('prompt with an unknown suffix');
		return ctx.prefixTokens + n;
	};
}

export async function benchPrefill(opts: { source?: 'film' | 'synthetic' } = {}): Promise<PrefillBench> {
	const real = opts.source === 'synthetic' ? null : await filmPlans();
	const plans = real ?? syntheticPaperPlans();
	const start = performance.now();
	const engine = createFakeEngine({ prefixReuse: true, tokens: real ? planTokenCounter(plans) : undefined });
	let progress = initialProgress;
	await executeRun({ runId: 'bench', plans, engine, sink: memorySink(), onEvent: (e) => (progress = reduceProgress(progress, e)) });
	return {
		source: real ? 'film' : 'synthetic',
		probes: engine.calls.length,
		contexts: plans.reduce((n, p) => n + p.contexts.length, 0),
		naive_prefill_tokens: engine.naivePrefilled,
		reuse_prefill_tokens: engine.prefilled,
		ratio: Math.round((engine.naivePrefilled / engine.prefilled) * 10) / 10,
		runner_counted_reuse_tokens: progress.prefilledTokens,
		wall_ms: Math.round(performance.now() - start)
	};
}

if (typeof process !== 'undefined' && /bench[\\/]prefill\.ts$/.test(process.argv?.[1] ?? '')) {
	const source = process.argv.includes('--synthetic') ? 'synthetic' : undefined;
	benchPrefill({ source }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
