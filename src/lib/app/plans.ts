// Builds a run's probe plans in the browser: FILM pools fetched from the app's own static files (cached by the
// service worker), the Mistral tokenizer from the bundle. The same options always rebuild the same plans, so a
// run record's task options are enough to resume it or to look up a question later (for a picked LongBench file,
// with the rows stored in this browser under the key the options name).
import type { ProbePlan, TaskName } from '$lib/types';
import type { RunTask } from '$lib/store/schema';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import type { FilmPools } from '$lib/tasks/pools';
import { FILM_TASK_NAMES, type RunSettings } from './settings';
import { LONGBENCH_DEMO_URL } from '$lib/tasks/longbench/task';
import type { LongbenchRow } from '$lib/tasks/longbench/row';

export const POOL_BASE = '/data/film/';

export interface PlanDeps {
	pools: () => Promise<FilmPools>;
	tokenizer: () => Promise<TextTokenizer>;
	/** Reads LongBench data from a URL (the bundled demo by default). */
	fetcher?: typeof fetch;
	/** The stored rows of a picked LongBench file, by key (default: the browser's IndexedDB record). */
	longbenchRows?: (rowsKey: string, fileName: string) => Promise<LongbenchRow[]>;
}

/** Rows kept from a picked file, from the app's own IndexedDB; loaded only when a plan needs them. */
async function storedLongbenchRows(rowsKey: string, fileName: string): Promise<LongbenchRow[]> {
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
		longbenchRows: storedLongbenchRows
	};
}

/** What each task's plan is built with; stored in the run record (RunTask.options) by newRunRecord. */
export function taskOptions(s: RunSettings, task: TaskName): Record<string, unknown> {
	if ((FILM_TASK_NAMES as readonly string[]).includes(task))
		return { sets: s.sets, contextTokens: s.contextTokens, seed: s.seed, ...(s.positions === null ? {} : { positions: s.positions }) };
	if (task === 'niah') return { lengths: s.niahLengths, depths: s.niahDepths, sets: s.sets, seed: s.seed };
	// LongBench: a picked file (its stored rows) first, else a URL of LongBench JSONL, else the offline demo set;
	// prompts fit the context setting.
	const file = s.longbenchFile;
	if (file?.rowsKey) return { source: `file:${file.name}`, rowsKey: file.rowsKey, contextWindow: s.contextTokens };
	return { source: s.longbenchUrl || LONGBENCH_DEMO_URL, contextWindow: s.contextTokens };
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
	const o = options as { source?: string; rowsKey?: unknown; contextWindow?: number; datasets?: string[]; maxPerDataset?: number };
	const source = o.source ?? LONGBENCH_DEMO_URL;
	if (source.startsWith('file:')) return planFromStoredRows(source, o.rowsKey, o.contextWindow, deps);
	const [{ planFromSource, urlSource }, tok] = await Promise.all([import('$lib/tasks/longbench'), deps.tokenizer()]);
	const { plan } = await planFromSource(await urlSource(source, deps.fetcher ?? fetch), tok, {
		source,
		contextWindow: o.contextWindow,
		datasets: o.datasets,
		maxPerDataset: o.maxPerDataset
	});
	return plan;
}

/** A picked file's plan, rebuilt from the rows stored under its key (the same rows give the same plan). */
async function planFromStoredRows(source: string, rowsKey: unknown, contextWindow: number | undefined, deps: PlanDeps): Promise<ProbePlan> {
	const name = source.slice(5);
	if (typeof rowsKey !== 'string' || !rowsKey)
		throw new Error(`This run was built from a picked file (${name}) whose rows were not kept; give its data as a URL to run it again.`);
	const [{ longbenchPlanAsync }, rows, tok] = await Promise.all([
		import('$lib/tasks/longbench/plan'),
		(deps.longbenchRows ?? storedLongbenchRows)(rowsKey, name),
		deps.tokenizer()
	]);
	const plan = await longbenchPlanAsync(rows, tok, { contextWindow });
	plan.options = { ...plan.options, source, rowsKey };
	return plan;
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
