// From prompt strings to the token ids the batch session takes, tokenized exactly as the single-sequence paths do:
// the full prompt is encoded once and split at the shared prefix (prompt.ts explains why a suffix is never encoded
// alone), and a gold answer becomes a draft only as the tokens that follow the prompt inside prompt + gold.
import { splitAtPrefix, withBos } from '../prompt';
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
export function draftFromGold(encode: (t: string) => number[], prompt: string, gold: string, eos?: number): number[] {
	if (!gold) return [];
	const head = encode(prompt);
	const all = encode(prompt + gold);
	for (let i = 0; i < head.length; i++) if (all[i] !== head[i]) return [];
	const tail = all.slice(head.length);
	return tail.length ? goldDraft(tail, eos) : [];
}

export function prepareBatch(encode: (t: string) => number[], bosIds: readonly number[], prefix: string, prompts: BatchPrompt[], eos?: number): PreparedBatch {
	let contextIds: number[] | null = null;
	const questions: BatchQuestion[] = [];
	for (const [i, p] of prompts.entries()) {
		const split = splitAtPrefix(encode, p.prompt, prefix);
		if (!split.ok) return { ok: false, question: i, reason: split.reason };
		const ctx = withBos(bosIds, split.prefixIds);
		if (contextIds && (ctx.length !== contextIds.length || ctx.some((t, k) => t !== contextIds![k])))
			return { ok: false, question: i, reason: 'the prefix tokenizes differently in this prompt' };
		contextIds = ctx;
		questions.push({ ids: split.suffixIds, maxTokens: p.maxTokens, stop: p.stop, draft: p.gold ? draftFromGold(encode, p.prompt, p.gold, eos) : undefined });
	}
	return { ok: true, contextIds: contextIds ?? [], questions };
}
