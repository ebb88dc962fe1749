// Answers prompts on the token path. With a shared prefix and a verified suffix path, the prefix is prefilled once
// and kept; each question is fed on top, decoded greedily, then popped so the cache holds exactly the prefix again.
// Without one, every prompt is prefilled from an empty cache. Both paths tokenize the same way, so greedy answers
// are identical.
import { EngineError } from '$lib/engines/engine';
import type { KvBackend } from './backend';
import { decodeGreedy, type DecodeOptions, type DecodeResult } from './greedy';
import { splitAtPrefix, withBos } from '../prompt';

export type SuffixPath = 'chunk' | 'decode-steps';

export interface SessionAnswer extends DecodeResult {
	path: string;
	promptTokens: number;
	/** Tokens forwarded for this prompt before decoding (the whole prompt, or only the suffix on reuse). */
	prefilledTokens: number;
	prefillMs: number;
	/** Cost of prefilling the shared prefix, when this question did it. */
	prefixPrefillMs: number;
}

/** Feed `ids` on top of the cache by one path; returns the token sampled after the last one. */
export async function feed(b: KvBackend, ids: number[], path: SuffixPath): Promise<number> {
	if (path === 'chunk' || ids.length === 1) return b.forward(ids, ids.length > 1);
	let tok = -1;
	for (const id of ids) tok = await b.forward([id], false);
	return tok;
}

function contextError(tokens: number, window: number): EngineError {
	return new EngineError(
		'context-window',
		`The prompt has ${tokens} tokens but the model's context window is ${window}: shorten the context or load the model with a larger window.`,
		`ContextWindowSizeExceededError: ${tokens} >= ${window}`
	);
}

export class PrefixSession {
	/** The prefix text now held in the cache, and its token count (BOS included). */
	private heldPrefix: string | null = null;
	private heldLength = 0;

	constructor(private readonly b: KvBackend) {}

	/** Forget the held prefix (a public request, a self-check or an error changed the cache). */
	invalidate(): void {
		this.heldPrefix = null;
		this.heldLength = 0;
	}

	get prefixLength(): number {
		return this.heldPrefix === null ? 0 : this.heldLength;
	}

	async fullPrefill(prompt: string, o: DecodeOptions, why = ''): Promise<SessionAnswer> {
		const b = this.b;
		return b.withLock(async () => {
			this.invalidate();
			const ids = withBos(b.bosIds, b.encode(prompt));
			if (ids.length >= b.contextWindow) throw contextError(ids.length, b.contextWindow);
			await b.reset();
			const t0 = performance.now();
			const first = await b.forward(ids, true);
			const prefillMs = performance.now() - t0;
			const d = await decodeGreedy(b, first, o);
			return { ...d, path: 'full-prefill' + why, promptTokens: ids.length, prefilledTokens: ids.length, prefillMs, prefixPrefillMs: 0 };
		});
	}

	async withPrefix(prompt: string, prefix: string, path: SuffixPath, o: DecodeOptions): Promise<SessionAnswer> {
		const b = this.b;
		const split = splitAtPrefix((t) => b.encode(t), prompt, prefix);
		if (!split.ok) return this.fullPrefill(prompt, o, ':no-shared-prefix');
		const prefixIds = withBos(b.bosIds, split.prefixIds);
		const total = prefixIds.length + split.suffixIds.length;
		if (total >= b.contextWindow) throw contextError(total, b.contextWindow);
		return b.withLock(async () => {
			let prefixPrefillMs = 0;
			if (this.heldPrefix !== prefix || b.filled() !== this.heldLength) {
				this.invalidate();
				await b.reset();
				const t0 = performance.now();
				await b.forward(prefixIds, true);
				prefixPrefillMs = performance.now() - t0;
				this.heldPrefix = prefix;
				this.heldLength = b.filled();
			}
			const P = this.heldLength;
			try {
				const t0 = performance.now();
				const first = await feed(b, split.suffixIds, path);
				const prefillMs = performance.now() - t0;
				const d = await decodeGreedy(b, first, o);
				return {
					...d,
					path: `prefix-reuse:${path}`,
					promptTokens: total,
					prefilledTokens: split.suffixIds.length,
					prefillMs,
					prefixPrefillMs
				};
			} finally {
				try {
					b.truncate(P);
					if (b.filled() !== P) this.invalidate();
				} catch {
					// The cache is in an unknown state: the next question re-prefills from resetChat().
					this.invalidate();
				}
			}
		});
	}
}
