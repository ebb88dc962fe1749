// Scoring a stored or imported run again from its answers alone (each answer carries its gold and position):
// what the CLI's `score` does with a run file, and how a scorer fix is checked against old runs.
import type { Gold, TaskName } from '$lib/types';
import type { RunRecord, StoredAnswer, TaskResult } from '$lib/store/schema';
import { scoreAnswer } from '$lib/scoring';
import { aggregate as aggregateScores } from '$lib/scoring/aggregate';
import { taskResults, type AggregateFn } from './results';

export interface Rescored {
	results: Partial<Record<TaskName, TaskResult>>;
	/** Answers whose score differs from the stored one (by more than 1e-9). */
	changed: { probeId: string; stored: number; now: number }[];
	/** Probes of the run without an answer. */
	missing: number;
}

export function rescoreRun(
	run: RunRecord,
	answers: readonly StoredAnswer[],
	opts: { score?: (gold: Gold, prediction: string) => number; aggregate?: AggregateFn; paperBuckets?: boolean } = {}
): Rescored {
	const score = opts.score ?? scoreAnswer;
	const changed: Rescored['changed'] = [];
	const fresh = answers.map((a) => {
		const now = score(a.gold, a.text);
		if (Math.abs(now - a.score) > 1e-9) changed.push({ probeId: a.probeId, stored: a.score, now });
		return { ...a, score: now };
	});
	const positions: Partial<Record<TaskName, number>> = {};
	for (const t of run.tasks) {
		const items = Number(t.options.items ?? 0);
		if (items > 0) positions[t.task] = items;
	}
	return {
		results: taskResults(fresh, opts.aggregate ?? aggregateScores, { positions, paperBuckets: opts.paperBuckets }),
		changed,
		missing: run.progress.total - answers.length
	};
}
