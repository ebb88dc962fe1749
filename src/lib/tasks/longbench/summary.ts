// Per-dataset LongBench scores as LongBench's eval.py reports them (`round(100 * mean, 2)`), their average as
// FILM's Table 2 gives it, and a table that sets a run beside the paper's rows.
import { taskScore, pythonRound2 } from '$lib/scoring/longbench';
import { LONGBENCH_DATASETS } from './datasets';
import { PAPER_TABLE2, type PaperRow } from './paper';

export interface LongbenchSummary {
	task: 'longbench';
	/** Only datasets that have answers, in the paper's column order. Scores are 0–100. */
	datasets: Record<string, { score: number; n: number }>;
	/** Mean of the dataset scores present (FILM's "Avg" when all nine are). */
	avg: number;
}

export function summarizeLongbench(items: readonly { dataset: string; score: number }[]): LongbenchSummary {
	const by = new Map<string, number[]>();
	for (const { dataset, score } of items) {
		const list = by.get(dataset) ?? [];
		list.push(score);
		by.set(dataset, list);
	}
	const datasets: LongbenchSummary['datasets'] = {};
	const order = [...LONGBENCH_DATASETS.map((d) => d.name as string), ...[...by.keys()].sort()];
	for (const name of order) {
		const scores = by.get(name);
		if (scores && !(name in datasets)) datasets[name] = { score: taskScore(scores), n: scores.length };
	}
	const values = Object.values(datasets).map((d) => d.score);
	const avg = values.length ? pythonRound2(values.reduce((a, b) => a + b, 0) / values.length) : 0;
	return { task: 'longbench', datasets, avg };
}

export interface TableRow {
	model: string;
	source: 'paper' | 'run';
	/** One cell per column, null where the dataset was not run. */
	cells: (number | null)[];
	avg: number | null;
	/** True when a run covers only some of the nine datasets: its average is not the paper's Avg. */
	partial: boolean;
}

export interface LongbenchTable {
	columns: { key: string; label: string }[];
	rows: TableRow[];
	source: string;
}

/** The paper's Table 2 rows, then one row per run, over the same nine columns. */
export function longbenchTable(
	runs: readonly { model: string; summary: LongbenchSummary }[],
	paper: readonly PaperRow[] = PAPER_TABLE2
): LongbenchTable {
	const columns = LONGBENCH_DATASETS.map((d) => ({ key: d.name as string, label: d.label }));
	const rows: TableRow[] = paper.map((p) => ({
		model: p.model,
		source: 'paper',
		cells: LONGBENCH_DATASETS.map((d) => p.scores[d.name]),
		avg: p.avg,
		partial: false
	}));
	for (const run of runs) {
		const cells = LONGBENCH_DATASETS.map((d) => run.summary.datasets[d.name]?.score ?? null);
		const present = cells.filter((c) => c !== null).length;
		rows.push({ model: run.model, source: 'run', cells, avg: present ? run.summary.avg : null, partial: present < columns.length });
	}
	return { columns, rows, source: 'FILM paper Table 2; runs scored here' };
}
