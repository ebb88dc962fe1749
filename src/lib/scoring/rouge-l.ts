// Summary-level ROUGE-L exactly as the Python `rouge` package 1.0.1 (pltrdy/rouge) computes it, which is what
// LongBench's `rouge_score` calls. Its quirks are the reference behaviour, so they are kept on purpose:
// sentences are split on ".", words on single spaces, case is kept, and the LCS words of every sentence pair are
// merged as a *set*, so a repeated word counts once. Which LCS the backtrack picks changes that set, so the
// backtrack follows the package's tie rule step for step.
import { pySplit } from './py-split';

export interface RougeL {
	f: number;
	p: number;
	r: number;
}

/** `[" ".join(s.split()) for s in text.split(".") if len(s) > 0]` — emptiness is tested before collapsing. */
export function rougeSentences(text: string): string[] {
	return text
		.split('.')
		.filter((s) => s.length > 0)
		.map((s) => pySplit(s).join(' '));
}

/** Words of sentences as the package sees them: `s.split(" ")`, so an empty sentence is one empty word. */
function words(sentence: string): string[] {
	return sentence.split(' ');
}

/** The LCS of reference words x and candidate words y, as `_recon_lcs` backtracks it, plus its call depth. */
export function reconLcs(x: string[], y: string[]): { words: string[]; depth: number } {
	const n = x.length;
	const m = y.length;
	const w = m + 1;
	const table = new Uint32Array((n + 1) * w);
	for (let i = 1; i <= n; i++) {
		for (let j = 1; j <= m; j++) {
			table[i * w + j] =
				x[i - 1] === y[j - 1]
					? table[(i - 1) * w + j - 1] + 1
					: Math.max(table[(i - 1) * w + j], table[i * w + j - 1]);
		}
	}
	const out: string[] = [];
	let i = n;
	let j = m;
	let depth = 1;
	while (i > 0 && j > 0) {
		depth++;
		if (x[i - 1] === y[j - 1]) {
			out.push(x[i - 1]);
			i--;
			j--;
		} else if (table[(i - 1) * w + j] > table[i * w + j - 1]) i--;
		else j--;
	}
	return { words: out.reverse(), depth };
}

export interface RougeOptions {
	/**
	 * The package backtracks recursively, so in CPython a pair of very long sentences (their word counts summing
	 * to roughly 1,000) raises RecursionError, which LongBench's bare `except` turns into a score of 0. Give the
	 * largest recursion depth to reproduce that (CPython's default limit minus the frames beneath; see
	 * docs/longbench.md); leave it out to score such pairs properly.
	 */
	maxRecursionDepth?: number;
}

/**
 * `rouge_l_summary_level(hyp, ref)`; null where the package raises (an empty hypothesis or reference after
 * sentence splitting, or the optional recursion limit).
 */
export function rougeLSummary(prediction: string, reference: string, opts: RougeOptions = {}): RougeL | null {
	const hyp = rougeSentences(prediction);
	const ref = rougeSentences(reference);
	if (hyp.length === 0 || ref.length === 0) return null;
	const m = new Set(ref.flatMap(words)).size;
	const n = new Set(hyp.flatMap(words)).size;
	const hypWords = hyp.map(words);
	const union = new Set<string>();
	for (const r of ref) {
		const refWords = words(r);
		for (const h of hypWords) {
			const lcs = reconLcs(refWords, h);
			if (opts.maxRecursionDepth !== undefined && lcs.depth > opts.maxRecursionDepth) return null;
			for (const word of lcs.words) union.add(word);
		}
	}
	const llcs = union.size;
	const r = llcs / m;
	const p = llcs / n;
	return { f: 2.0 * ((p * r) / (p + r + 1e-8)), p, r };
}

/** LongBench's `rouge_score`: the F of summary-level ROUGE-L, 0 wherever the package would raise. */
export function rougeLScore(prediction: string, reference: string, opts: RougeOptions = {}): number {
	return rougeLSummary(prediction, reference, opts)?.f ?? 0;
}
