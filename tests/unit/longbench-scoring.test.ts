import { describe, expect, it } from 'vitest';
import { normalizeAnswer, qaF1, tokenF1 } from '$lib/scoring/qa-f1';
import { reconLcs, rougeLScore, rougeLSummary, rougeSentences } from '$lib/scoring/rouge-l';
import { cutAtBlankLine, LONGBENCH_ROUGE_MAX_DEPTH, pythonRound2, scoreQa, taskScore } from '$lib/scoring/longbench';

describe('LongBench answer normalisation', () => {
	it('lowercases, drops ASCII punctuation and a/an/the, collapses whitespace', () => {
		expect(normalizeAnswer('  The Cat,  sat on A mat! ')).toBe('cat sat on mat');
		expect(normalizeAnswer("An apple's core")).toBe('apples core');
		// articles only as whole words: "theory", "anthem" and "a" inside words stay
		expect(normalizeAnswer('theory anthem banana')).toBe('theory anthem banana');
	});

	it('follows Python, not JavaScript, where the two differ', () => {
		// Python's \b is Unicode-aware: "a" before "ñ" is inside a word, so it stays
		expect(normalizeAnswer('añb')).toBe('añb');
		// string.punctuation is ASCII: the typographic apostrophe and dash survive
		expect(normalizeAnswer('it’s — fine')).toBe('it’s — fine');
		// str.split() splits on NBSP and U+0085 but not on U+FEFF
		expect(normalizeAnswer('x\u00a0y\u0085z')).toBe('x y z');
		expect(normalizeAnswer('x\ufeffy')).toBe('x\ufeffy');
	});
});

describe('QA F1', () => {
	it('scores token multisets', () => {
		expect(qaF1('The Cat sat.', 'cat sat')).toBe(1);
		// [apple, pear] vs [pear]: P = 1/2, R = 1 → 2/3
		expect(qaF1('an apple, a pear', 'the pear')).toBeCloseTo(2 / 3, 12);
		// a repeated word counts once per gold occurrence: P = 1/2, R = 1
		expect(tokenF1(['paris', 'paris'], ['paris'])).toBeCloseTo(2 / 3, 12);
		expect(tokenF1(['paris', 'paris'], ['paris', 'paris'])).toBe(1);
	});

	it('gives 0 for empty sides and for answers that are only articles or punctuation', () => {
		expect(qaF1('', 'Paris')).toBe(0);
		expect(qaF1('Paris', '')).toBe(0);
		expect(qaF1('the', 'The')).toBe(0);
		expect(qaF1('...', '!?')).toBe(0);
	});

	it('cuts the prediction at its first blank line (FILM) unless told not to (LongBench)', () => {
		const gold = { kind: 'qa' as const, dataset: 'hotpotqa', answers: ['Paris'] };
		const pred = 'Paris\n\nThe capital of France is Paris.';
		expect(cutAtBlankLine(pred)).toBe('Paris');
		expect(scoreQa(gold, pred)).toBe(1);
		// uncut: [paris, capital, of, france, is, paris] vs [paris] → P = 1/6, R = 1 → 2/7
		expect(scoreQa(gold, pred, { qaCut: 'none' })).toBeCloseTo(2 / 7, 12);
		// a single newline is not a cut
		expect(scoreQa(gold, 'Paris\nfrance')).toBeCloseTo(2 / 3, 12);
	});

	it('takes the best of several gold answers', () => {
		const gold = { kind: 'qa' as const, dataset: 'narrativeqa', answers: ['deep green', 'green paint', 'a green ferry'] };
		// vs "green ferry" (2 tokens): 1/1 precision, 1/2 recall → 2/3; others: 2/3 and 1
		expect(scoreQa(gold, 'green')).toBeCloseTo(2 / 3, 12);
		expect(scoreQa(gold, 'The green ferry')).toBe(1);
		expect(scoreQa({ ...gold, answers: [] }, 'green')).toBe(0);
	});

	it('refuses datasets it does not know', () => {
		expect(() => scoreQa({ kind: 'qa', dataset: 'trec', answers: ['x'] }, 'x')).toThrow(/outside the nine English tasks/);
		expect(() => scoreQa({ kind: 'qa', dataset: 'nope', answers: ['x'] }, 'x')).toThrow(/unknown dataset "nope"/);
	});
});

describe('ROUGE-L as the rouge package computes it', () => {
	it('splits sentences on "." and tests emptiness before collapsing whitespace', () => {
		expect(rougeSentences('One  two. Three\nfour. ')).toEqual(['One two', 'Three four', '']);
		expect(rougeSentences('...')).toEqual([]);
	});

	it('scores one sentence pair by the distinct words of its LCS', () => {
		// ref words {the, cat, is, on, mat} (m = 5), pred {the, cat, sat, on, mat} (n = 5);
		// LCS "the cat on the mat" → distinct {the, cat, on, mat} = 4; R = P = 4/5
		const s = rougeLSummary('the cat sat on the mat', 'the cat is on the mat');
		expect(s?.r).toBeCloseTo(0.8, 12);
		expect(s?.p).toBeCloseTo(0.8, 12);
		expect(s?.f).toBeCloseTo((2 * 0.64) / (1.6 + 1e-8), 12);
	});

	it('is case-sensitive', () => {
		// "The cat" vs "the cat": LCS {cat}; m = n = 2 → F = 2·(1/4)/(1 + 1e-8)
		expect(rougeLScore('The cat.', 'the cat')).toBeCloseTo(0.5 / (1 + 1e-8), 12);
	});

	it('unions the LCS words of every sentence pair (the docstring example)', () => {
		// r = w1 w2 w3 w4 w5; c1 = w1 w2 w6 w7 w8 → {w1, w2}; c2 = w1 w3 w8 w9 w5 → {w1, w3, w5}
		// union 4; m = 5; n = |{w1 w2 w6 w7 w8 w3 w9 w5}| = 8 → R = 0.8, P = 0.5
		const s = rougeLSummary('w1 w2 w6 w7 w8. w1 w3 w8 w9 w5', 'w1 w2 w3 w4 w5');
		expect(s?.r).toBeCloseTo(0.8, 12);
		expect(s?.p).toBeCloseTo(0.5, 12);
		expect(s?.f).toBeCloseTo((2 * 0.4) / (1.3 + 1e-8), 12);
	});

	it('backtracks with the package tie rule, which decides which words enter the union', () => {
		// ref "a b" vs pred "b a": both LCS are one word; the package moves left on a tie and takes "b".
		expect(reconLcs(['a', 'b'], ['b', 'a']).words).toEqual(['b']);
		// so ref sentences "a b" and "a" contribute {b} and {a}: union 2 = m = n → F ≈ 1 (the other tie rule gives 0.5)
		expect(rougeLScore('b a', 'a b. a')).toBeCloseTo(2 / (2 + 1e-8), 12);
	});

	it('scores 0 where the package raises, and keeps its empty-word quirk', () => {
		expect(rougeLScore('', 'a reference')).toBe(0);
		expect(rougeLScore('...', 'a reference')).toBe(0);
		expect(rougeLScore('a prediction', '')).toBe(0);
		// whitespace-only pieces survive as the empty word "": two of them match each other
		expect(rougeLScore(' . ', ' . ')).toBeCloseTo(2 / (2 + 1e-8), 12);
		expect(rougeLScore(' ', 'a b')).toBe(0);
	});

	it('zeroes a pair whose backtrack CPython could not recurse through', () => {
		const ref = Array.from({ length: LONGBENCH_ROUGE_MAX_DEPTH }, (_, i) => `r${i}`).join(' ');
		const shorter = ref.slice(0, ref.lastIndexOf(' '));
		// one shared word at the very start: the backtrack walks the whole reference (depth = words + 1)
		const pred = 'h0 h1 r0';
		expect(rougeLScore(pred, shorter, { maxRecursionDepth: LONGBENCH_ROUGE_MAX_DEPTH })).toBeGreaterThan(0);
		expect(rougeLScore(pred, ref, { maxRecursionDepth: LONGBENCH_ROUGE_MAX_DEPTH })).toBe(0);
		expect(rougeLScore(pred, ref)).toBeGreaterThan(0);
		const gold = { kind: 'qa' as const, dataset: 'gov_report', answers: [ref] };
		expect(scoreQa(gold, pred)).toBe(0);
		expect(scoreQa(gold, pred, { rougeRecursionQuirk: false })).toBeGreaterThan(0);
	});

	it('is used for the three summarisation datasets, best over answers', () => {
		const gold = { kind: 'qa' as const, dataset: 'qmsum', answers: ['nothing shared', 'the cat is on the mat'] };
		expect(scoreQa(gold, 'the cat sat on the mat')).toBeCloseTo((2 * 0.64) / (1.6 + 1e-8), 12);
		// no "\n\n" cut for summaries: the second paragraph still counts
		expect(scoreQa({ ...gold, answers: ['x y'] }, 'x\n\ny')).toBeCloseTo(2 / (2 + 1e-8), 12);
	});
});

describe('task scores', () => {
	it("rounds like Python's round(x, 2), ties to even", () => {
		expect(pythonRound2(0.125)).toBe(0.12);
		expect(pythonRound2(0.375)).toBe(0.38);
		expect(pythonRound2(2.675)).toBe(2.67); // stored as 2.67499…
		expect(pythonRound2(-0.125)).toBe(-0.12);
		expect(pythonRound2(66.666666)).toBe(66.67);
	});

	it('is 100 × the mean', () => {
		expect(taskScore([1, 0, 0.5])).toBe(50);
		expect(taskScore([1, 1, 0])).toBe(66.67);
		expect(taskScore([])).toBe(0);
	});
});
