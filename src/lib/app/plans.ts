// Builds a run's probe plans in the browser: FILM pools fetched from the app's own static files (cached by the
// service worker), the Mistral tokenizer from the bundle, data sources by URL or from this browser's stored
// rows. Each task's registry entry says how its options come from the settings and how its plan is built; the
// same options always rebuild the same plans, so a run record's task options are enough to resume it or to look
// up a question later.
import type { ProbePlan, TaskName } from '$lib/types';
import type { RunTask } from '$lib/store/schema';
import type { FilmPools } from '$lib/tasks/pools';
import type { PlanDeps } from '$lib/tasks/spec';
import { taskSpec } from '$lib/tasks/registry';
import type { RunSettings } from './settings';

export type { PlanDeps };

export const POOL_BASE = '/data/film/';

/** Rows kept from a picked file, from the app's own IndexedDB; loaded only when a plan needs them. */
async function storedRows(rowsKey: string, fileName: string) {
	const { createLongbenchRowsStore } = await import('$lib/store/longbench-rows-store');
	return createLongbenchRowsStore().rows(rowsKey, fileName);
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
		tokenizer: () => import('$lib/tokenize/browser').then((m) => m.browserMistralTokenizer()),
		fetcher,
		longbenchRows: storedRows
	};
}

/** What a task's plan is built with; stored in the run record (RunTask.options) by newRunRecord. */
export function taskOptions(s: RunSettings, task: TaskName): Record<string, unknown> {
	return taskSpec(task).options(s);
}

export async function buildPlan(task: TaskName, options: Record<string, unknown>, deps: PlanDeps): Promise<ProbePlan> {
	return (await taskSpec(task).build(options, { ...deps, longbenchRows: deps.longbenchRows ?? storedRows })).plan;
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
