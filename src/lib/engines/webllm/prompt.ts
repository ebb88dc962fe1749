// BOS handling, in one place. Engines receive prompts without BOS (GenerateRequest); web-llm's raw completion()
// adds none and the token path forwards ids as given, so the model's BOS is added here and nowhere else.

/** How a model marks the start of a sequence. */
export interface BosRule {
	/** Whether the model was trained with a BOS token before every prompt. */
	addBos: boolean;
	/** The BOS as text, for the public completion() path whose tokenizer maps it to the BOS id. */
	bosText: string;
}

export const MISTRAL_BOS: BosRule = { addBos: true, bosText: '<s>' };
export const LLAMA3_BOS: BosRule = { addBos: true, bosText: '<|begin_of_text|>' };
export const NO_BOS: BosRule = { addBos: false, bosText: '' };

/** The prompt string for web-llm's raw completion(): BOS text first when the model wants it. */
export function completionPrompt(prompt: string, rule: BosRule): string {
	if (!rule.addBos || prompt.startsWith(rule.bosText)) return prompt;
	return rule.bosText + prompt;
}

/** Token ids for the token path: `bosIds` (from the loaded tokenizer's BOS, or [] when not wanted) then the text. */
export function withBos(bosIds: readonly number[], ids: readonly number[]): number[] {
	return [...bosIds, ...ids];
}

export type SplitResult =
	| { ok: true; prefixIds: number[]; suffixIds: number[] }
	| { ok: false; reason: string };

/**
 * Split a prompt's tokens at a shared prefix. The full prompt is encoded once and the prefix's own encoding must be
 * its head: encoding the suffix alone would add SentencePiece's leading "▁" and give different ids, and a merge
 * across the boundary would make the cached prefix a different token sequence than the one-shot prompt.
 */
export function splitAtPrefix(encode: (text: string) => number[], prompt: string, prefix: string): SplitResult {
	if (!prompt.startsWith(prefix)) return { ok: false, reason: 'the prompt does not start with the prefix' };
	const all = encode(prompt);
	const head = encode(prefix);
	if (head.length === 0) return { ok: false, reason: 'the prefix is empty' };
	for (let i = 0; i < head.length; i++)
		if (all[i] !== head[i]) return { ok: false, reason: `the prefix tokenizes differently inside the prompt (token ${i})` };
	const suffixIds = all.slice(head.length);
	if (suffixIds.length === 0) return { ok: false, reason: 'nothing follows the prefix' };
	return { ok: true, prefixIds: head, suffixIds };
}
