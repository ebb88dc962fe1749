// Which runs the compare page shows when the link names none: the newest finished run and the other finished runs
// of the same tasks. Runs of different tasks share no chart, so mixing them by recency alone showed half-empty pages.
import type { RunRecord } from '$lib/store/schema';

export const DEFAULT_COMPARE_MAX = 4;

/** The run's task set, order-free: document+code and code+document are the same comparison. */
export function taskSetKey(r: Pick<RunRecord, 'tasks'>): string {
	return [...new Set(r.tasks.map((t) => t.task))].sort().join('+');
}

/** `runs` newest first (as the store lists them). */
export function defaultComparison(runs: readonly RunRecord[], max = DEFAULT_COMPARE_MAX): string[] {
	const done = runs.filter((r) => r.status === 'complete');
	const pool = done.length ? done : runs;
	if (!pool.length) return [];
	const key = taskSetKey(pool[0]);
	return pool
		.filter((r) => taskSetKey(r) === key)
		.slice(0, max)
		.map((r) => r.id);
}
