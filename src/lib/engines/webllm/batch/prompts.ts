// From prompt strings to the token ids the batch session takes, tokenized exactly as the single-sequence paths do:
// the full prompt is encoded once and split at the shared prefix (prompt.ts explains why a suffix is never encoded
// alone), and a gold answer becomes a draft only as the tokens that follow the prompt inside prompt + gold.
import { withBos } from '../prompt';
import type { BatchQuestion } from './session';
import { goldDraft } from './draft';

export interface BatchPrompt {
	prompt: string;
	maxTokens: number;
	stop?: string[];
	/** The expected answer: only a speed hint, any text gives the same answers. */
	gold?: string;
}

export type PreparedBatch =
	| { ok: true; contextIds: number[]; questions: BatchQuestion[] }
	| { ok: false; question: number; reason: string };

/** Draft tokens for `gold` after `prompt`, or [] when the two do not tokenize apart (a merge across the seam). */
export function draftFromGold(encode: (t: string) => number[], prompt: string, gold: string, eos?: number, promptIds?: readonly number[]): number[] {
	if (!gold) return [];
	const head = promptIds ?? encode(prompt);
	const all = encode(prompt + gold);
	for (let i = 0; i < head.length; i++) if (all[i] !== head[i]) return [];
	const tail = all.slice(head.length);
	return tail.length ? goldDraft(tail, eos) : [];
}

/**
 * Each prompt is encoded whole once (and once more with its gold for a draft), the prefix once: for a 32K context
 * and dozens of questions the tokenizer is a cost of its own. The split is splitAtPrefix's, on the same encodings.
 */
export function prepareBatch(encode: (t: string) => number[], bosIds: readonly number[], prefix: string, prompts: BatchPrompt[], eos?: number): PreparedBatch {
	const head = prefix ? encode(prefix) : [];
	if (!head.length) return { ok: false, question: 0, reason: 'the prefix is empty' };
	const questions: BatchQuestion[] = [];
	for (const [i, p] of prompts.entries()) {
		if (!p.prompt.startsWith(prefix)) return { ok: false, question: i, reason: 'the prompt does not start with the prefix' };
		const all = encode(p.prompt);
		for (let k = 0; k < head.length; k++)
			if (all[k] !== head[k]) return { ok: false, question: i, reason: `the prefix tokenizes differently inside the prompt (token ${k})` };
		const ids = all.slice(head.length);
		if (!ids.length) return { ok: false, question: i, reason: 'nothing follows the prefix' };
		questions.push({ ids, maxTokens: p.maxTokens, stop: p.stop, draft: p.gold ? draftFromGold(encode, p.prompt, p.gold, eos, all) : undefined });
	}
	return { ok: true, contextIds: withBos(bosIds, head), questions };
}
