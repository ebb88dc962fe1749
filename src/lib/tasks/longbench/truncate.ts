// LongBench's middle truncation (pred.py): when a prompt has more tokens than allowed, keep the first half and
// the last half of the allowance and decode each half back to text. Decoding and re-encoding can change the
// count by a token or two where the halves meet, so the allowance shrinks until the re-encoded prompt fits —
// a prompt here never overflows the window, which LongBench did not need to guarantee.
import type { TextTokenizer } from '$lib/tokenize/tokenizer';

export interface Fitted {
	prompt: string;
	/** Tokens the model reads, BOS included. */
	promptTokens: number;
	/** Tokens of the truncated text removed from its middle (0 when it fitted). */
	removedTokens: number;
}

/** Keep `half` tokens from each end of `ids`, decoded separately and joined, as LongBench does. */
export function keepEnds(tok: TextTokenizer, ids: Int32Array, half: number): string {
	return tok.decode(ids.subarray(0, half)) + tok.decode(ids.subarray(ids.length - half));
}

/**
 * Fit `rewrap(cut)` into `budget` tokens (BOS included) by cutting the middle of `cut`.
 * Throws when even an empty middle cannot fit (the fixed wording alone is over the budget).
 */
export function fitToBudget(tok: TextTokenizer, cut: string, rewrap: (cut: string) => string, budget: number): Fitted {
	const full = rewrap(cut);
	const fullTokens = 1 + tok.encode(full).length;
	if (fullTokens <= budget) return { prompt: full, promptTokens: fullTokens, removedTokens: 0 };

	const ids = tok.encode(cut);
	const overhead = fullTokens - ids.length;
	let allowance = budget - overhead;
	for (let attempt = 0; attempt < 8 && allowance > 1; attempt++) {
		const half = Math.floor(allowance / 2);
		const prompt = rewrap(keepEnds(tok, ids, half));
		const promptTokens = 1 + tok.encode(prompt).length;
		if (promptTokens <= budget) return { prompt, promptTokens, removedTokens: ids.length - 2 * half };
		allowance -= Math.max(2, promptTokens - budget);
	}
	throw new Error(`the prompt cannot be cut to ${budget} tokens (its fixed wording takes ${overhead})`);
}
