// Needle in a haystack (SPEC.md §4), RULER's single-needle form, for models that are not FILM: a grid of context
// lengths × insertion depths; the haystack is the document pool's sentences in order.
import type { Probe, ProbeContext, ProbePlan } from '$lib/types';
import { countAfterNewline, countAfterSpace, type TextTokenizer } from '$lib/tokenize/tokenizer';
import { fitItemCount, itemTokenOffsets, prefixSums } from '$lib/tokenize/context';
import type { SentenceRow } from '../pools';
import { FILM_HEAD, filmSuffix } from '../prompt';
import { createRng, randInt } from '../rng';

export const NIAH_VERSION = 'niah-ruler-single-1';

export interface NiahOptions {
	lengths?: number[];
	/** Insertion depths in percent of the haystack. */
	depths?: number[];
	/** Repeats of the grid with other needles. */
	sets?: number;
	seed?: number;
	answerTokens?: number;
}

const WORDS = [
	'apple', 'harbor', 'lantern', 'meadow', 'violin', 'glacier', 'pepper', 'compass', 'orchid', 'canyon',
	'falcon', 'marble', 'thunder', 'saffron', 'beacon', 'willow', 'cobalt', 'ember', 'quartz', 'tundra',
	'velvet', 'pylon', 'juniper', 'nebula', 'oyster', 'riddle', 'summit', 'tulip', 'walnut', 'zephyr'
];

export function needleSentence(word: string, value: string): string {
	return `The special magic number for ${word} is: ${value}.`;
}

export function needleInstruction(word: string): string {
	return `What is the special magic number for ${word} mentioned in the provided text?`;
}

export function buildNiahPlan(sentences: SentenceRow[], tok: TextTokenizer, opts: NiahOptions = {}): ProbePlan {
	const lengths = opts.lengths ?? [4096, 8192, 16384, 32768];
	const depths = opts.depths ?? [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
	const sets = opts.sets ?? 1;
	const seed = opts.seed ?? 0;
	const answerTokens = opts.answerTokens ?? 32;
	for (const d of depths) if (!(d >= 0 && d <= 100)) throw new Error(`--depths: ${d} is not a percentage in 0…100`);
	const headTokens = tok.encode(FILM_HEAD).length;
	const haystack = sentences.map((s) => s.sentence);
	const spaceCounts: number[] = [];
	const countOf = (i: number) => (spaceCounts[i] ??= countAfterSpace(tok, haystack[i]));

	const contexts: ProbeContext[] = [];
	const probes: Probe[] = [];
	for (let setId = 0; setId < sets; setId++) {
		const rng = createRng(`${seed}:niah:${setId}`);
		for (const length of lengths) {
			const word = WORDS[randInt(rng, WORDS.length)];
			const value = String(1_000_000 + randInt(rng, 9_000_000));
			const needle = needleSentence(word, value);
			const instruction = needleInstruction(word);
			const suffix = filmSuffix(instruction);
			const suffixTokens = countAfterNewline(tok, suffix);
			// Room for the haystack; two tokens of slack for the first item, which follows a newline.
			const room = length - answerTokens - 1 - headTokens - suffixTokens - countAfterSpace(tok, needle) - 2;
			const counts: number[] = [];
			for (let i = 0, sum = 0; i < haystack.length && sum <= room; i++) sum += counts[counts.push(countOf(i)) - 1];
			const n = fitItemCount(counts, room);
			if (n < 1) throw new Error(`--lengths: ${length} tokens is too small for a haystack`);
			const sums = prefixSums(counts.slice(0, n));
			depths.forEach((depth, depthIdx) => {
				const target = (sums[n] * depth) / 100;
				let at = 0;
				while (at < n && sums[at] < target) at++;
				const items = [...haystack.slice(0, at), needle, ...haystack.slice(at, n)];
				const itemCounts = items.map((it, i) => (i === 0 ? countAfterNewline(tok, it) : i === at ? countAfterSpace(tok, it) : countOf(i < at ? i : i - 1)));
				const offsets = itemTokenOffsets(headTokens, itemCounts);
				const contextTokens = itemCounts.reduce((a, b) => a + b, 0);
				const id = `niah-L${length}-d${depth}-s${setId}`;
				const prefix = FILM_HEAD + items.join(' ');
				contexts.push({ id, task: 'niah', setId, prefix, prefixTokens: 1 + headTokens + contextTokens, itemCount: items.length, itemTokenOffsets: offsets });
				probes.push({
					id: `${id}-q`,
					task: 'niah',
					contextId: id,
					setId,
					positionId: depthIdx,
					suffix,
					instruction,
					key: word,
					gold: { kind: 'niah', value },
					tokenOffset: offsets[at],
					promptTokens: 1 + headTokens + contextTokens + suffixTokens,
					maxNewTokens: answerTokens,
					meta: { contextLength: length, depth }
				});
			});
		}
	}
	return { task: 'niah', taskVersion: NIAH_VERSION, options: { lengths, depths, sets, seed, answerTokens }, contexts, probes, redraws: 0 };
}
