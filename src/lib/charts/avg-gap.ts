// Avg and Gap per run and task, beside the paper's Table 1. The "all" column is the mean of the three tasks,
// which is how the paper's own "all" figures come out (e.g. FILM-7B: (85.4 + 83.3 + 89.0) / 3 = 85.9).
import { PAPER_TABLE_1, PROBE_TASKS, type AvgGap, type ProbeTask } from './paper';

export interface RunAvgGap {
	id: string;
	label: string;
	tasks: Partial<Record<ProbeTask, AvgGap>>;
}

export interface AvgGapRow {
	id: string;
	label: string;
	/** 'scored': the paper's published answers scored here against the official golds. */
	source: 'run' | 'paper' | 'scored';
	cells: Record<ProbeTask | 'all', AvgGap | null>;
}

export function allOf(tasks: Partial<Record<ProbeTask, AvgGap>>): AvgGap | null {
	const present = PROBE_TASKS.map((t) => tasks[t]).filter((v): v is AvgGap => v != null);
	if (present.length !== PROBE_TASKS.length) return null;
	const mean = (k: keyof AvgGap) => present.reduce((s, v) => s + v[k], 0) / present.length;
	return { avg: mean('avg'), gap: mean('gap') };
}

export function avgGapRows(runs: RunAvgGap[], paperModels: string[] | 'all' = 'all', scored: RunAvgGap[] = []): AvgGapRow[] {
	const rows: AvgGapRow[] = [...runs.map((r) => ({ r, source: 'run' as const })), ...scored.map((r) => ({ r, source: 'scored' as const }))].map(({ r, source }) => ({
		id: r.id,
		label: r.label,
		source,
		cells: {
			document: r.tasks.document ?? null,
			code: r.tasks.code ?? null,
			database: r.tasks.database ?? null,
			all: allOf(r.tasks)
		}
	}));
	const paper = PAPER_TABLE_1.filter((p) => paperModels === 'all' || paperModels.includes(p.model));
	for (const p of paper) {
		rows.push({
			id: `paper:${p.model}`,
			label: `${p.model} (paper)`,
			source: 'paper',
			cells: { document: p.document, code: p.code, database: p.database, all: p.all }
		});
	}
	return rows;
}
