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

export const LONGBENCH_TASKS = [
	'narrativeqa',
	'qasper',
	'multifieldqa_en',
	'hotpotqa',
	'2wikimqa',
	'musique',
	'gov_report',
	'qmsum',
	'multi_news'
] as const;
export type LongBenchTask = (typeof LONGBENCH_TASKS)[number];

export const LONGBENCH_LABELS: Record<LongBenchTask, string> = {
	narrativeqa: 'NQA',
	qasper: 'Qasper',
	multifieldqa_en: 'MFQA',
	hotpotqa: 'HotpotQA',
	'2wikimqa': '2Wiki',
	musique: 'MuSiQue',
	gov_report: 'GovRep',
	qmsum: 'QMSum',
	multi_news: 'MultiNews'
};

export interface PaperLongBenchRow {
	model: string;
	scores: Record<LongBenchTask, number>;
	avg: number;
}

/** FILM paper, Table 2: LongBench subset (F1 for QA, ROUGE-L for summaries). */
export const PAPER_TABLE_2: readonly PaperLongBenchRow[] = [
	lb('GPT-4-Turbo', [33.0, 50.7, 52.7, 68.5, 64.3, 49.1, 33.9, 25.4, 24.9], 44.7),
	lb('Mistral-7B-Instruct-v0.1', [19.6, 33.2, 38.8, 42.9, 31.2, 17.4, 27.5, 22.4, 26.6], 28.9),
	lb('Mistral-7B-Instruct-v0.2', [23.5, 33.8, 45.9, 42.4, 24.3, 20.8, 33.3, 24.8, 26.8], 30.6),
	lb('InternLM2-chat-7B', [24.4, 35.4, 50.2, 52.4, 48.2, 30.5, 33.6, 25.3, 29.0], 36.5),
	lb('FILM-7B', [26.9, 42.2, 56.0, 62.1, 47.0, 39.0, 33.8, 25.1, 26.9], 39.9)
];

export function paperProbeRow(model: string): PaperProbeRow | undefined {
	return PAPER_TABLE_1.find((r) => r.model === model);
}

function row(model: string, d: number[], c: number[], db: number[], all: number[]): PaperProbeRow {
	const ag = (x: number[]): AvgGap => ({ avg: x[0], gap: x[1] });
	return { model, document: ag(d), code: ag(c), database: ag(db), all: ag(all) };
}

function lb(model: string, values: number[], avg: number): PaperLongBenchRow {
	const scores = Object.fromEntries(LONGBENCH_TASKS.map((t, i) => [t, values[i]])) as Record<LongBenchTask, number>;
	return { model, scores, avg };
}
