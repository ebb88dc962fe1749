// Builds a run's probe plans in the browser: FILM pools fetched from the app's own static files (cached by the
// service worker), the Mistral tokenizer from the bundle. The same options always rebuild the same plans, so a
// run record's task options are enough to resume it or to look up a question later.
import type { ProbePlan, TaskName } from '$lib/types';
import type { RunTask } from '$lib/store/schema';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import type { FilmPools } from '$lib/tasks/pools';
import { FILM_TASK_NAMES, type RunSettings } from './settings';

export const POOL_BASE = '/data/film/';

export interface PlanDeps {
	pools: () => Promise<FilmPools>;
	tokenizer: () => Promise<TextTokenizer>;
}

/** The browser's loaders; each is memoised per call of this function (so per page), retried after a failure. */
export function browserPlanDeps(fetcher: typeof fetch = fetch): PlanDeps {
	let pools: Promise<FilmPools> | null = null;
	return {
		pools: () =>
			(pools ??= import('$lib/tasks/pools')
				.then(({ loadPools }) =>
					loadPools(async (file) => {
						const r = await fetcher(`${POOL_BASE}${file}`);
						if (!r.ok) throw new Error(`could not load ${file} (HTTP ${r.status})`);
						return r.text();
					})
				)
				.catch((e) => {
					pools = null;
					throw e;
				})),
		tokenizer: () => import('$lib/tokenize/browser').then((m) => m.browserMistralTokenizer())
	};
}

/** What each task's plan is built with; stored in the run record (RunTask.options) by newRunRecord. */
export function taskOptions(s: RunSettings, task: TaskName): Record<string, unknown> {
	if ((FILM_TASK_NAMES as readonly string[]).includes(task))
		return { sets: s.sets, contextTokens: s.contextTokens, seed: s.seed, ...(s.positions === null ? {} : { positions: s.positions }) };
	if (task === 'niah') return { lengths: s.niahLengths, depths: s.niahDepths, sets: s.sets, seed: s.seed };
	return { seed: s.seed };
}

export async function buildPlan(task: TaskName, options: Record<string, unknown>, deps: PlanDeps): Promise<ProbePlan> {
	if ((FILM_TASK_NAMES as readonly string[]).includes(task)) {
		const [{ buildFilmPlan }, pools, tok] = await Promise.all([import('$lib/tasks/film-plan'), deps.pools(), deps.tokenizer()]);
		const o = options as { sets?: number; contextTokens?: number; positions?: number | null; seed?: number; items?: number | null };
		return buildFilmPlan(task as 'document' | 'code' | 'database', pools, tok, {
			sets: o.sets,
			contextTokens: o.contextTokens,
			seed: o.seed,
			positions: o.positions ?? undefined,
			items: o.items ?? undefined
		});
	}
	if (task === 'niah') {
		const [{ buildNiahPlan }, pools, tok] = await Promise.all([import('$lib/tasks/niah'), deps.pools(), deps.tokenizer()]);
		return buildNiahPlan(pools.document, tok, options as { lengths?: number[]; depths?: number[]; sets?: number; seed?: number });
	}
	throw new Error('LongBench runs start from imported LongBench data; that step is not wired into this page yet.');
}

export async function plansForSettings(s: RunSettings, deps: PlanDeps): Promise<ProbePlan[]> {
	const out: ProbePlan[] = [];
	for (const t of s.tasks) out.push(await buildPlan(t, taskOptions(s, t), deps));
	return out;
}

export async function plansForRun(tasks: readonly RunTask[], deps: PlanDeps): Promise<ProbePlan[]> {
	const out: ProbePlan[] = [];
	for (const t of tasks) out.push(await buildPlan(t.task, t.options, deps));
	return out;
}
