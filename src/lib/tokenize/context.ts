// Token-exact context building.
//
// Why per-item counts add up exactly: the Mistral vocabulary has no token in which "▁" (a space) follows another
// character, and "\n" is always its own byte token. So a space before a word, and any newline, is a hard token
// boundary: the tokens of "head\nA B C" are the tokens of the head, then of A read after a newline, then of " B",
// then of " C". Tests check this against tokenizing whole prompts.
import { countAfterNewline, countAfterSpace, type TextTokenizer } from './tokenizer';

/** Tokens each item takes in a space-joined context whose first item directly follows a newline. */
export function measureItems(tok: TextTokenizer, items: readonly string[]): number[] {
	return items.map((item, i) => (i === 0 ? countAfterNewline(tok, item) : countAfterSpace(tok, item)));
}

/** Prefix sums: sums[n] = tokens of the first n items. */
export function prefixSums(counts: readonly number[]): number[] {
	const sums = new Array<number>(counts.length + 1);
	sums[0] = 0;
	for (let i = 0; i < counts.length; i++) sums[i + 1] = sums[i] + counts[i];
	return sums;
}

/**
 * The largest n such that the first n items fit in `room` tokens — binary search over the item count, as RULER
 * does, but over exact prefix sums instead of re-tokenizing each candidate.
 */
export function fitItemCount(counts: readonly number[], room: number): number {
	const sums = prefixSums(counts);
	let lo = 0;
	let hi = counts.length;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (sums[mid] <= room) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Token offset (BOS = 0) at which each item starts, given the head's token count (BOS excluded). */
export function itemTokenOffsets(headTokens: number, counts: readonly number[]): number[] {
	const offsets = new Array<number>(counts.length);
	let at = 1 + headTokens;
	for (let i = 0; i < counts.length; i++) {
		offsets[i] = at;
		at += counts[i];
	}
	return offsets;
}

/**
 * Token offsets (BOS excluded) of character positions in `text`, each of which must start a word after a space,
 * follow a newline or start one — the hard boundaries above. Tokenizes each segment once, so a 32K context costs one pass.
 */
export function tokenOffsetsAt(tok: TextTokenizer, text: string, positions: readonly number[]): number[] {
	const order = positions.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
	const out = new Array<number>(positions.length);
	let tokens = 0;
	let from = 0;
	for (const [pos, idx] of order) {
		if (pos > from) tokens += segmentTokens(tok, text, from, pos);
		from = Math.max(from, pos);
		out[idx] = tokens;
	}
	return out;
}

function segmentTokens(tok: TextTokenizer, text: string, from: number, to: number): number {
	const before = from === 0 ? '' : text[from - 1];
	// A segment that ends in the joining space leaves that space to the next segment's dummy "▁".
	const end = text[to - 1] === ' ' && text[to] !== '\n' ? to - 1 : to;
	const piece = text.slice(from, end);
	if (from === 0 || before === ' ') return tok.encode(piece).length;
	if (before === '\n' || text[from] === '\n') return countAfterNewline(tok, piece);
	throw new Error(`position ${from} is not at a token boundary (it follows ${JSON.stringify(before)})`);
}
