// The paper's published figures as data (SPEC.md §2 Table 1, §3 Table 2), so charts and tables can sit beside them.

export type ProbeTask = 'document' | 'code' | 'database';
export const PROBE_TASKS: readonly ProbeTask[] = ['document', 'code', 'database'];

export interface AvgGap {
	avg: number;
	gap: number;
}

export interface PaperProbeRow {
	model: string;
	document: AvgGap;
	code: AvgGap;
	database: AvgGap;
	all: AvgGap;
}

/** FILM paper, Table 1: VaL probing, Avg / Gap in % (Gap lower is better). */
export const PAPER_TABLE_1: readonly PaperProbeRow[] = [
	row('Mistral-7B-Instruct-v0.1', [44.8, 29.9], [6.8, 53.2], [8.8, 74.5], [20.1, 52.5]),
	row('Mistral-7B-Instruct-v0.2', [74.2, 32.1], [20.3, 59.5], [47.5, 77.0], [47.3, 56.2]),
	row('LongAlign-7B-64K', [65.3, 16.9], [39.3, 56.0], [55.0, 36.2], [53.2, 36.4]),
	row('LongAlign-13B-64K', [71.7, 13.4], [50.8, 40.8], [82.9, 27.0], [68.5, 27.1]),
	row('InternLM2-chat-7B', [68.8, 18.7], [50.2, 44.1], [61.2, 57.1], [60.1, 40.0]),
	row('InternLM2-chat-20B', [66.4, 27.2], [63.4, 45.5], [74.9, 57.2], [68.2, 43.3]),
	row('GPT-4-Turbo', [81.3, 31.7], [66.1, 46.5], [89.6, 18.0], [79.0, 32.1]),
	row('FILM-7B', [85.4, 6.1], [83.3, 18.7], [89.0, 16.8], [85.9, 13.9])
];

// Table 2 (LongBench) lives with the LongBench task: src/lib/tasks/longbench/paper.ts.

export function paperProbeRow(model: string): PaperProbeRow | undefined {
	return PAPER_TABLE_1.find((r) => r.model === model);
}

function row(model: string, d: number[], c: number[], db: number[], all: number[]): PaperProbeRow {
	const ag = (x: number[]): AvgGap => ({ avg: x[0], gap: x[1] });
	return { model, document: ag(d), code: ag(c), database: ag(db), all: ag(all) };
}
