// FILM's published answers scored against the official golds exactly as its plot.py does (SPEC §2): skip-listed rows
// out, each answer scored by the task's rule, buckets of 50 positions averaged over positions start … start+48 (the
// script's off-by-one), mean and population std over the 4 sets, Avg and Gap of the bucket means.
import { aggregate, type Aggregate } from '$lib/scoring/aggregate';
import { scoreAnswer } from '$lib/scoring';
import { PAPER_TABLE_1, PROBE_TASKS, type AvgGap } from '$lib/charts/paper';
import type { OfficialGoldRow } from './official-golds';
import type { ProbeTask } from './published';

export interface PaperCurve {
	model: string;
	task: ProbeTask;
	result: Aggregate;
	skipped: number;
}

export function scorePublished(rows: readonly OfficialGoldRow[], answers: readonly string[], opts: { paperBuckets?: boolean } = {}): { result: Aggregate; skipped: number } {
	if (answers.length !== rows.length)
		throw new Error(`${answers.length} answers for ${rows.length} official rows: FILM's answers pair with the rows line by line, so the counts must match`);
	const points = [];
	let skipped = 0;
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		if (r.skip) {
			skipped++;
			continue;
		}
		points.push({ setId: r.setId, positionId: r.positionId, score: scoreAnswer(r.gold, answers[i]) });
	}
	return { result: aggregate(points, { paperBuckets: opts.paperBuckets ?? true }), skipped };
}

export interface ReproducedCell {
	reproduced: AvgGap;
	paper: AvgGap | null;
	/** Both figures agree to the paper's one decimal. */
	matches: boolean | null;
}

export interface ReproducedRow {
	model: string;
	cells: Partial<Record<ProbeTask | 'all', ReproducedCell>>;
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const agree = (a: AvgGap, b: AvgGap) => round1(a.avg) === b.avg && round1(a.gap) === b.gap;

/** Table 1 as reproduced from the curves, beside the paper's own figures; "all" is the mean of the three tasks. */
export function reproducedTable(curves: readonly PaperCurve[]): ReproducedRow[] {
	const models = [...new Set(curves.map((c) => c.model))];
	return models.map((model) => {
		const paper = PAPER_TABLE_1.find((r) => r.model === model) ?? null;
		const cells: ReproducedRow['cells'] = {};
		for (const t of PROBE_TASKS) {
			const c = curves.find((x) => x.model === model && x.task === t);
			if (!c) continue;
			const reproduced = { avg: c.result.avg, gap: c.result.gap };
			cells[t] = { reproduced, paper: paper?.[t] ?? null, matches: paper ? agree(reproduced, paper[t]) : null };
		}
		const present = PROBE_TASKS.map((t) => cells[t]).filter((c): c is ReproducedCell => !!c);
		if (present.length === PROBE_TASKS.length) {
			const mean = (k: keyof AvgGap) => present.reduce((s, c) => s + c.reproduced[k], 0) / present.length;
			const reproduced = { avg: mean('avg'), gap: mean('gap') };
			cells.all = { reproduced, paper: paper?.all ?? null, matches: paper ? agree(reproduced, paper.all) : null };
		}
		return { model, cells };
	});
}
