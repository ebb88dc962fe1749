// What the prefix-reuse code needs from a loaded model, as one small interface. The web-llm boundary builds it
// (runtime/kv-backend.ts) from web-llm's TypeScript-private pipeline fields; nothing else in the app knows them.

export interface KvBackend {
	/** Token ids of `text` as the model reads it at the start of a prompt (no BOS). */
	encode(text: string): number[];
	decode(ids: number[]): string;
	/** BOS ids to put before every prompt: one place decides (see prompt.ts). */
	readonly bosIds: number[];
	readonly stopTokenIds: number[];
	readonly contextWindow: number;
	/** Tokens now in the KV cache. */
	filled(): number;
	/** Empty the KV cache and web-llm's conversation state. */
	reset(): Promise<void>;
	/** Forward `ids` (one prefill call when `isPrefill`, else one decode step) and return the greedy next token. */
	forward(ids: number[], isPrefill: boolean): Promise<number>;
	/** Drop everything after the first `length` tokens (popn) and put web-llm's bookkeeping back. */
	truncate(length: number): void;
	/** The next-token logits of the last forward, or null when they cannot be read. */
	lastLogits(): Float32Array | null;
	/** Run `fn` holding web-llm's model lock (where reachable), so no public request interleaves. */
	withLock<T>(fn: () => Promise<T>): Promise<T>;
}
