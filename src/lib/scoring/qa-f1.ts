// LongBench's `qa_f1_score` (THUDM/LongBench metrics.py, itself SQuAD's answer normalisation), reproduced so
// that a score here equals the Python score for the same strings. Python's string semantics are spelled out
// below where JavaScript's defaults differ; those differences are what would make a score drift.
import { pySplit } from './py-split';

/** Python's `string.punctuation`: ASCII only, so "’" or "—" survive normalisation exactly as in Python. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/**
 * Python's `\b(a|an|the)\b` on a str is Unicode-aware (`\w` = alphanumeric or "_"); JavaScript's `\b` is ASCII
 * only, which would strip "a" from "añb". Lookarounds over letters and numbers give Python's boundaries.
 */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** Lowercase, drop ASCII punctuation, drop the words a/an/the, collapse whitespace — in LongBench's order. */
export function normalizeAnswer(s: string): string {
	const lower = s.toLowerCase();
	let noPunc = '';
	for (const ch of lower) if (!PUNCTUATION.has(ch)) noPunc += ch;
	return pySplit(noPunc.replace(ARTICLES, ' ')).join(' ');
}

/** Token-multiset F1 (`f1_score`): 0 when nothing is shared, which also covers an empty side. */
export function tokenF1(prediction: string[], gold: string[]): number {
	const counts = new Map<string, number>();
	for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
	let same = 0;
	for (const t of prediction) {
		const left = counts.get(t) ?? 0;
		if (left > 0) {
			same++;
			counts.set(t, left - 1);
		}
	}
	if (same === 0) return 0;
	const precision = (1.0 * same) / prediction.length;
	const recall = (1.0 * same) / gold.length;
	return (2 * precision * recall) / (precision + recall);
}

/** F1 of one prediction against one gold answer, both normalised; no cutting of the prediction here. */
export function qaF1(prediction: string, gold: string): number {
	return tokenF1(pySplit(normalizeAnswer(prediction)), pySplit(normalizeAnswer(gold)));
}
