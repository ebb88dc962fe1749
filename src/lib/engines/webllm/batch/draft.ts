// Greedy draft acceptance. A probe's gold answer (then EOS) is fed after the question as a draft; one verify forward
// gives the argmax at every fed position. Position q−1 (the question's last token) predicts answer token 0, the
// position of draft token i predicts answer token i+1. Draft token i is what greedy decoding would emit only if every
// earlier draft token was, so the accepted part is the longest prefix that agrees with the argmax one position
// earlier, and the argmax right after it is greedy's next token. Nothing here is sampled: the result is exactly the
// token sequence of plain greedy decoding, however wrong the draft.

export interface DraftVerdict {
	/** Draft tokens that equal greedy's tokens, from the start (0…draft.length). */
	accepted: number;
	/** Greedy's token after the accepted ones: the argmax at the last accepted position. Not yet in the KV cache. */
	next: number;
}

/**
 * `argmax[j]` is the argmax of the logits at fed position q−1+j, for j = 0…draft.length (one more than the draft:
 * the question's last position comes first).
 */
export function acceptDraft(draft: readonly number[], argmax: readonly number[]): DraftVerdict {
	if (argmax.length !== draft.length + 1)
		throw new Error(`acceptDraft: ${draft.length} draft tokens need ${draft.length + 1} argmaxes, got ${argmax.length}`);
	let k = 0;
	while (k < draft.length && draft[k] === argmax[k]) k++;
	return { accepted: k, next: argmax[k] };
}

export interface DraftRoom {
	maxTokens: number;
	/** Context (BOS included) + question tokens: what the KV holds before the answer. */
	promptTokens: number;
	contextWindow: number;
}

/**
 * How many draft tokens are worth feeding. Greedy decoding emits at most `maxTokens` tokens and looks at no logits
 * after the last, so draft tokens past maxTokens − 1 are never compared. It also feeds answer token j only while
 * prompt + j + 1 ≤ window (the room check in kv/greedy.ts), and a fed draft token must fit the same room.
 */
export function draftBudget(draftLength: number, r: DraftRoom): number {
	return Math.max(0, Math.min(draftLength, r.maxTokens - 1, r.contextWindow - r.promptTokens));
}

/** The draft for a gold answer: its tokens then EOS, so a right answer also ends in the same forward. */
export function goldDraft(goldIds: readonly number[], eos: number | undefined): number[] {
	return eos === undefined ? [...goldIds] : [...goldIds, eos];
}
