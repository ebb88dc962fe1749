// Choosing B, the number of question sequences decoded together. Measured on an H100 (real-engine/NOTES.md): a
// batched decode step costs 0.15 s for 1 sequence and 0.48 / 0.59 / 0.60 s for 4 / 16 / 32 — the kernels are far
// below the memory limit, so more sequences cost little — and the throughput was still rising at 32.

/** The measured sweet spot: the largest B measured, where the gain (7.9×) was still rising. */
export const MEASURED_SWEET_SPOT = 32;
/** KV pages are 16 tokens; a forked sequence owns its pages from the fork on (the last shared page is copied). */
export const PAGE_SIZE = 16;

export interface BatchSizeInput {
	/** Questions left to answer. */
	questions: number;
	/** The library's compiled batch limit (metadata max_batch_size; 80 for the v0_2_48 libraries), if known. */
	libraryMaxBatch?: number;
	/** Bytes of KV per token: layers × 2 × kv_heads × head_dim × bytes per element. */
	kvBytesPerToken: number;
	/** GPU memory free for the batch's own KV cache, if known (WebGPU does not say; the caller estimates). */
	freeBytes?: number;
	/** Context tokens in sequence 0. */
	contextTokens: number;
	/** Most tokens one question sequence adds: question + answer limit (+ draft, which is ≤ the answer limit). */
	perSequenceTokens: number;
	sweetSpot?: number;
}

export interface BatchSizeChoice {
	B: number;
	/** What bound B: the reason shows in provenance. */
	limitedBy: 'questions' | 'library' | 'memory' | 'sweet-spot';
	/** Tokens the batch's KV cache must hold: the context once, plus B sequences' own pages. */
	kvTokens: number;
}

/** Tokens a KV cache for `b` forked sequences needs (whole pages, one spare page each for the copied fork page). */
export function kvTokensFor(contextTokens: number, b: number, perSequenceTokens: number): number {
	const pages = (n: number) => Math.ceil(n / PAGE_SIZE);
	return (pages(contextTokens) + b * (pages(perSequenceTokens) + 1)) * PAGE_SIZE;
}

export function chooseBatchSize(i: BatchSizeInput): BatchSizeChoice {
	const caps: [BatchSizeChoice['limitedBy'], number][] = [
		['sweet-spot', i.sweetSpot ?? MEASURED_SWEET_SPOT],
		['questions', i.questions]
	];
	// max_num_sequence counts sequence 0 (the context) too.
	if (i.libraryMaxBatch !== undefined) caps.push(['library', i.libraryMaxBatch - 1]);
	if (i.freeBytes !== undefined) {
		const perSeq = (Math.ceil(i.perSequenceTokens / PAGE_SIZE) + 1) * PAGE_SIZE * i.kvBytesPerToken;
		const ctx = Math.ceil(i.contextTokens / PAGE_SIZE) * PAGE_SIZE * i.kvBytesPerToken;
		caps.push(['memory', Math.floor((i.freeBytes - ctx) / perSeq)]);
	}
	let [limitedBy, B] = caps[0];
	for (const [why, n] of caps) if (n < B) [limitedBy, B] = [why, n];
	// 0: nothing to answer, or not even one sequence fits beside the context.
	B = Math.max(0, Math.floor(B));
	return { B, limitedBy, kvTokens: kvTokensFor(i.contextTokens, B, i.perSequenceTokens) };
}
