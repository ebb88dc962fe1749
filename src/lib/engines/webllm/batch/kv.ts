// What the batch paths need from a loaded model: a paged KV cache of their own with several sequences, and three
// forwards over it. The web-llm boundary builds it (runtime/batch-kv.ts) from web-llm's pipeline (the library's
// create_tir_paged_kv_cache, prefill, batch_verify, batch_decode, decode, and TVM's kv_state builtins);
// tests/fakes/batch/ fakes it.

export interface SeqInput {
	seq: number;
	ids: number[];
}

export interface BatchKv {
	/** Sequences the cache was made for (the context's sequence 0 included). */
	readonly maxSequences: number;
	/** Most tokens one multi-token forward takes, over all its sequences. */
	readonly chunkSize: number;
	/** Most sequences one batched decode step takes (the library's compiled batch limit). */
	readonly maxBatch: number;
	/** Tokens in the cache's sequences together: what it was sized for. */
	readonly capacityTokens: number;

	addSequence(seq: number): void;
	/** A new sequence `child` that shares all of `parent`'s tokens (kv_state_fork_sequence). */
	forkSequence(parent: number, child: number): void;
	removeSequence(seq: number): void;
	/** Drop the last `n` tokens of `seq` (kv_state_popn). */
	popTokens(seq: number, n: number): void;
	/** Tokens now in `seq`. */
	length(seq: number): number;

	/** One sequence, ≤ chunkSize tokens, through the single-sequence prefill: the last position's logits. */
	prefill(seq: number, ids: number[]): Promise<Float32Array>;
	/** Several sequences' tokens in one forward (batch_verify): logits at every fed position, per input. */
	verify(inputs: SeqInput[]): Promise<Float32Array[][]>;
	/**
	 * One token for each of several sequences in one forward: logits per input. One input goes through the library's
	 * single-sequence `decode` (what web-llm runs), more through `batch_decode`.
	 */
	decode(inputs: { seq: number; id: number }[]): Promise<Float32Array[]>;

	/** Free the cache's GPU memory. */
	dispose(): void;
}

export function argmax(a: Float32Array): number {
	let k = 0;
	for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
	return k;
}
