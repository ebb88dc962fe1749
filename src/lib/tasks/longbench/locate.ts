// Where in the final prompt the gold answer sits, for "lost in the middle" on real documents: the first verbatim
// occurrence of any gold answer inside the document part of the (possibly truncated) prompt.
import type { TextTokenizer } from '$lib/tokenize/tokenizer';

/** Answers that are verdicts, not spans of the document (Qasper's yes/no/unanswerable): never located. */
const VERDICTS = new Set(['yes', 'no', 'unanswerable']);
const WORD = /[\p{L}\p{N}_]/u;

function isWordChar(ch: string | undefined): boolean {
	return ch !== undefined && WORD.test(ch);
}

/**
 * First occurrence, in `text[from, to)`, of any answer as a whole-word, case-sensitive match ("Ann" does not
 * match inside "Annual"). Answers under 2 characters and verdicts are ignored.
 */
export function findAnswer(text: string, answers: readonly string[], from = 0, to = text.length): { index: number; answer: string } | null {
	let best: { index: number; answer: string } | null = null;
	for (const raw of answers) {
		const answer = raw.trim();
		if (answer.length < 2 || VERDICTS.has(answer.toLowerCase())) continue;
		for (let at = text.indexOf(answer, from); at >= 0 && at + answer.length <= to; at = text.indexOf(answer, at + 1)) {
			if (best && at >= best.index) break;
			const startsClean = !isWordChar(answer[0]) || !isWordChar(text[at - 1]);
			const endsClean = !isWordChar(answer[answer.length - 1]) || !isWordChar(text[at + answer.length]);
			if (startsClean && endsClean) {
				best = { index: at, answer };
				break;
			}
		}
	}
	return best;
}

/**
 * Token offset (BOS = 0) of the token that starts at `charIndex`. The text before it is encoded without its
 * trailing spaces, because SentencePiece joins a space to the following word ("▁Paris"); the offset can still
 * be one token off where a word is split mid-way, which does not matter for a chart of depths.
 */
export function tokenOffsetAt(tok: TextTokenizer, prompt: string, charIndex: number): number {
	const before = prompt.slice(0, charIndex).replace(/ +$/, '');
	return 1 + (before.length === 0 ? 0 : tok.encode(before).length);
}
