// What of the paper is drawn beside a run: the paper's own per-position curves where FILM's published answers could
// be scored (official files imported), else its Table 1 Avg as a flat reference line. FILM-7B and its base model by
// default.
import { PAPER_TABLE_1, PROBE_TASKS, type ProbeTask } from '$lib/charts/paper';
import type { PositionSeries, ReferenceLine } from '$lib/charts/position';
import type { RunAvgGap } from '$lib/charts/avg-gap';
import type { PaperCurve } from '$lib/paper/reproduce';
import { PAPER_CURVE_COLOURS, PAPER_CURVE_DASH } from '$lib/charts/palette';

export const DEFAULT_REFERENCE_MODELS = ['FILM-7B', 'Mistral-7B-Instruct-v0.2'];

/** The models' Table 1 Avg as reference lines, leaving out those drawn as curves for this task. */
export function paperReferences(task: string, models: readonly string[] = DEFAULT_REFERENCE_MODELS, curves: readonly PaperCurve[] = []): ReferenceLine[] {
	// Only the tasks of the paper's Table 1 have published figures.
	if (!(PROBE_TASKS as readonly string[]).includes(task)) return [];
	const drawn = new Set(curves.filter((c) => c.task === task).map((c) => c.model));
	return PAPER_TABLE_1.filter((r) => models.includes(r.model) && !drawn.has(r.model)).map((r) => ({ label: `${r.model} (paper)`, value: r[task as ProbeTask].avg }));
}

/** The chosen models' curves for a task, styled as the paper's (dashed, darker, not selectable). */
export function paperCurveSeries(task: string, models: readonly string[], curves: readonly PaperCurve[]): PositionSeries[] {
	return curves
		.filter((c) => c.task === task && models.includes(c.model))
		.map((c) => ({
			id: `paper:${c.model}`,
			label: `${c.model} (paper’s answers)`,
			buckets: c.result.buckets.map((b) => ({ ...b, tokenOffset: null })),
			colour: PAPER_CURVE_COLOURS[c.model],
			dash: PAPER_CURVE_DASH,
			kind: 'paper' as const
		}));
}

/** Avg/Gap rows of the published answers as scored here, for the table beside the paper's own figures. */
export function scoredAvgGap(curves: readonly PaperCurve[], models: readonly string[]): RunAvgGap[] {
	return [...new Set(curves.map((c) => c.model))]
		.filter((m) => models.includes(m))
		.map((model) => ({
			id: `scored:${model}`,
			label: `${model} (published answers, scored here)`,
			tasks: Object.fromEntries(
				PROBE_TASKS.flatMap((t) => {
					const c = curves.find((x) => x.model === model && x.task === t);
					return c ? [[t, { avg: c.result.avg, gap: c.result.gap }]] : [];
				})
			)
		}));
}
