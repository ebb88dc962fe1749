// Per-task aggregation of a run's answers through the scoring module's aggregate().
import type { TaskName } from '$lib/types';
import type { StoredAnswer, TaskResult } from '$lib/store/schema';

export interface AggregatePoint {
	setId: number;
	positionId: number;
	score: number;
}
export interface AggregateOptions {
	bucketSize?: number;
	paperBuckets?: boolean;
	positions?: number;
}
export type AggregateFn = (points: AggregatePoint[], opts?: AggregateOptions) => TaskResult;

/**
 * Aggregates each task's answers. `positions` (items per context) comes from the caller when the plan is known;
 * otherwise the largest position seen + 1.
 */
export function taskResults(
	answers: readonly StoredAnswer[],
	aggregate: AggregateFn,
	opts: { positions?: Partial<Record<TaskName, number>>; paperBuckets?: boolean } = {}
): Partial<Record<TaskName, TaskResult>> {
	const byTask = new Map<TaskName, AggregatePoint[]>();
	for (const a of answers) {
		let list = byTask.get(a.task);
		if (!list) byTask.set(a.task, (list = []));
		list.push({ setId: a.setId, positionId: a.positionId, score: a.score });
	}
	const out: Partial<Record<TaskName, TaskResult>> = {};
	for (const [task, points] of byTask) {
		const positions = opts.positions?.[task] ?? Math.max(...points.map((p) => p.positionId)) + 1;
		out[task] = aggregate(points, { positions, paperBuckets: opts.paperBuckets });
	}
	return out;
}
