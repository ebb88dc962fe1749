// Scores of LongBench answers, as FILM's evaluation (microsoft/FILM real_world_long/, itself LongBench's
// eval.py + metrics.py) computes them: F1 for the six QA tasks, ROUGE-L F for the three summaries, the best
// over the gold answers.
//
// The one place FILM and LongBench differ: FILM's `qa_f1_score` first cuts the prediction at its first "\n\n";
// LongBench's does not (its eval.py only cuts trec/triviaqa/samsum/lsht, none of these nine). FILM's rule is the
// default because FILM's Table 2 was scored with it; `qaCut: 'none'` gives LongBench's own numbers.
import { datasetInfo } from '$lib/tasks/longbench/datasets';
import { qaF1 } from './qa-f1';
import { rougeLScore } from './rouge-l';

/** A LongBench row's gold: its dataset (which picks the metric) and every accepted answer. */
export interface QaGold {
	kind: 'qa';
	dataset: string;
	answers: string[];
	allClasses?: string[] | null;
}

export interface QaScoreOptions {
	/** 'film' (default): cut QA predictions at the first "\n\n"; 'none': LongBench's eval.py, no cut. */
	qaCut?: 'film' | 'none';
	/**
	 * Reproduce the CPython RecursionError that zeroes ROUGE-L for very long sentence pairs (default true: that
	 * is what the reference numbers contain). See rouge-l.ts.
	 */
	rougeRecursionQuirk?: boolean;
}

/**
 * Deepest `_recon` recursion that survives under LongBench's and FILM's `scorer → rouge_score` call chain with
 * CPython's default limit of 1,000 frames (measured with CPython 3.11 running that chain over the `rouge`
 * package 1.0.1: a 991-call backtrack scores, a 992-call one raises).
 */
export const LONGBENCH_ROUGE_MAX_DEPTH = 991;

/** The prediction as FILM's `qa_f1_score` reads it. */
export function cutAtBlankLine(prediction: string): string {
	const at = prediction.indexOf('\n\n');
	return at < 0 ? prediction : prediction.slice(0, at);
}

/** Score of one answer in 0…1: the metric of the gold's dataset, the best over its gold answers. */
export function scoreQa(gold: QaGold, prediction: string, opts: QaScoreOptions = {}): number {
	const { metric } = datasetInfo(gold.dataset);
	let best = 0;
	if (metric === 'qa-f1') {
		const pred = opts.qaCut === 'none' ? prediction : cutAtBlankLine(prediction);
		for (const answer of gold.answers) best = Math.max(best, qaF1(pred, answer));
	} else {
		const rouge = opts.rougeRecursionQuirk === false ? {} : { maxRecursionDepth: LONGBENCH_ROUGE_MAX_DEPTH };
		for (const answer of gold.answers) best = Math.max(best, rougeLScore(prediction, answer, rouge));
	}
	return best;
}

/**
 * Python's `round(x, 2)`: the exact binary value rounded to nearest, and an exact tie goes to the even digit.
 * `toFixed` rounds exact ties up instead, so ties are found from the exact expansion (a double below 1e6 has
 * fewer than 60 fractional decimal digits, so `toFixed(60)` is exact).
 */
export function pythonRound2(x: number): number {
	if (!Number.isFinite(x) || Math.abs(x) >= 1e6) return Math.round(x * 100) / 100;
	const exact = Math.abs(x).toFixed(60);
	const dot = exact.indexOf('.');
	const isTie = exact[dot + 3] === '5' && /^0*$/.test(exact.slice(dot + 4));
	if (!isTie) return Number(x.toFixed(2));
	const truncated = Number(exact.slice(0, dot + 3));
	const lastDigit = Number(exact[dot + 2]);
	const magnitude = lastDigit % 2 === 0 ? truncated : Number((truncated + 0.01).toFixed(2));
	return x < 0 ? -magnitude : magnitude;
}

/** LongBench's task score: `round(100 * total / n, 2)`. */
export function taskScore(scores: readonly number[]): number {
	if (scores.length === 0) return 0;
	let total = 0;
	for (const s of scores) total += s;
	return pythonRound2((100 * total) / scores.length);
}
