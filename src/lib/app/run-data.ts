// From a stored run to chart data: position series (with token offsets), speed samples and needle cells.
// Pure: the pages call these with what the store returned.
import type { TaskName } from '$lib/types';
import type { RunRecord, StoredAnswer, TaskResult } from '$lib/store/schema';
import type { PositionBucket, PositionSeries } from '$lib/charts/position';
import type { SpeedSample } from '$lib/charts/speed';
import { heatCells, type HeatCell } from '$lib/charts/heatmap';
import { goldText as goldTextOf, isTaskName, taskSpec, taskSpecs } from '$lib/tasks/registry';

/** Bucket means from the run's results, with each bucket's mean token offset taken from its answers. */
export function positionBuckets(result: TaskResult, answers: readonly StoredAnswer[] = []): PositionBucket[] {
	const sums = result.buckets.map(() => ({ sum: 0, n: 0 }));
	for (const a of answers) {
		if (a.tokenOffset == null) continue;
		const i = result.buckets.findIndex((b) => a.positionId >= b.start && a.positionId <= b.end);
		if (i >= 0) {
			sums[i].sum += a.tokenOffset;
			sums[i].n++;
		}
	}
	return result.buckets.map((b, i) => ({ ...b, tokenOffset: sums[i].n ? sums[i].sum / sums[i].n : null }));
}

export function taskSeries(run: Pick<RunRecord, 'id' | 'name'>, result: TaskResult | undefined, answers: readonly StoredAnswer[] = []): PositionSeries {
	return { id: run.id, label: run.name, buckets: result ? positionBuckets(result, answers) : [] };
}

export function answersByTask(answers: readonly StoredAnswer[]): Map<TaskName, StoredAnswer[]> {
	const out = new Map<TaskName, StoredAnswer[]>();
	for (const a of answers) {
		const list = out.get(a.task);
		if (list) list.push(a);
		else out.set(a.task, [a]);
	}
	return out;
}

export function speedSamples(answers: readonly StoredAnswer[]): SpeedSample[] {
	return answers
		.filter((a) => a.timings && a.usage && a.usage.promptTokens > 0)
		.map((a) => ({
			promptTokens: a.usage!.promptTokens,
			ttftMs: a.timings!.ttftMs,
			prefillTokensPerS: a.timings!.prefillTokensPerS,
			decodeTokensPerS: a.timings!.decodeTokensPerS
		}));
}

/** The heatmap cell a context id names, for any task drawn as a length × depth grid. */
export function needleCell(contextId: string): { length: number; depth: number } | null {
	for (const spec of taskSpecs()) {
		const c = spec.gridCell?.(contextId);
		if (c) return c;
	}
	return null;
}

/** Heatmap cells of every answer whose task is drawn as a length × depth grid. */
export function needleCells(answers: readonly StoredAnswer[]): HeatCell[] {
	return heatCells(
		answers.flatMap((a) => {
			const cell = isTaskName(a.task) ? taskSpec(a.task).gridCell : undefined;
			const c = cell?.(a.contextId) ?? null;
			return c ? [{ ...c, score: a.score }] : [];
		})
	);
}

/** The answers of one heatmap cell of a grid task, set by set (for the answer browser). */
export function cellAnswers(answers: readonly StoredAnswer[], task: TaskName, length: number, depth: number): StoredAnswer[] {
	const cell = isTaskName(task) ? taskSpec(task).gridCell : undefined;
	return answers
		.filter((a) => {
			if (a.task !== task || !cell) return false;
			const c = cell(a.contextId);
			return c !== null && c.length === length && c.depth === depth;
		})
		.sort((a, b) => a.setId - b.setId || a.positionId - b.positionId);
}

/** Answers that fall into one bucket of a task, in position order (for the answer browser). */
export function bucketAnswers(answers: readonly StoredAnswer[], task: TaskName, start: number, end: number): StoredAnswer[] {
	return answers
		.filter((a) => a.task === task && a.positionId >= start && a.positionId <= end)
		.sort((a, b) => a.positionId - b.positionId || a.setId - b.setId);
}

export function goldText(a: Pick<StoredAnswer, 'gold'>): string {
	return goldTextOf(a.gold);
}
