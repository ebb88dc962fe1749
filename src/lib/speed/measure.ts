// The ladder: for each context length, one-shot prefill, decode steps at that length, and one question through each
// reuse path (as a chunk, as decode steps), popped back so the next path starts from the same N tokens.
// Written over the smallest surface that times these calls; the engine's KvBackend satisfies it as it is.

export interface SpeedBackend {
	/** Empty the KV cache. */
	reset(): Promise<void>;
	/** One prefill call over `ids` (isPrefill) or one decode step (a single id); resolves after sampling. */
	forward(ids: number[], isPrefill: boolean): Promise<number>;
	/** Pop back to `length` tokens. */
	truncate(length: number): void;
	filled(): number;
}

export interface LadderOptions {
	lengths: number[];
	decodeSteps: number;
	questionTokens: number;
	vocabSize: number;
	seed?: number;
	/** Monotonic milliseconds (performance.now in the browser; a fake clock in tests). */
	now?: () => number;
	onRow?: (row: import('./types').SpeedRow) => void;
	signal?: AbortSignal;
}

/** Seeded token ids in [3, vocab): never the special tokens 0–2 of the generated vocabulary. */
export function seededIds(n: number, seed: number, vocab: number): number[] {
	let x = (Math.imul(seed | 0, 2654435761) ^ 0x9e3779b9) >>> 0;
	const out = new Array<number>(n);
	for (let i = 0; i < n; i++) {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		out[i] = 3 + ((x >>> 8) % (vocab - 3));
	}
	return out;
}

/** Rejects lengths that cannot be measured, before any GPU work. */
export function validateLadder(o: Pick<LadderOptions, 'lengths' | 'decodeSteps' | 'questionTokens'>, contextWindow: number): string[] {
	const errs: string[] = [];
	if (!o.lengths.length) errs.push('no context lengths to measure');
	for (const n of o.lengths) {
		if (!Number.isInteger(n) || n < 1) errs.push(`length ${n} is not a positive integer`);
		const need = n + Math.max(o.decodeSteps, o.questionTokens);
		if (need > contextWindow) errs.push(`length ${n} + ${Math.max(o.decodeSteps, o.questionTokens)} tokens exceeds the window of ${contextWindow}`);
	}
	if (!(o.decodeSteps >= 1)) errs.push('at least one decode step is needed');
	if (!(o.questionTokens >= 1)) errs.push('at least one question token is needed');
	return errs;
}

export async function measureLadder(b: SpeedBackend, o: LadderOptions): Promise<import('./types').SpeedRow[]> {
	const now = o.now ?? (() => performance.now());
	const seed = o.seed ?? 1;
	const rows: import('./types').SpeedRow[] = [];
	const timed = async (fn: () => Promise<unknown>) => {
		const t = now();
		await fn();
		return (now() - t) / 1000;
	};
	for (const n of [...o.lengths].sort((a, b) => a - b)) {
		if (o.signal?.aborted) throw Object.assign(new Error('Stopped.'), { name: 'AbortError' });
		await b.reset();
		const ctx = seededIds(n, seed * 7919 + n, o.vocabSize);
		const prefillS = await timed(() => b.forward(ctx, true));
		let kvRestored = b.filled() === n;
		const dec = seededIds(o.decodeSteps, seed * 104729 + n, o.vocabSize);
		const decodeS = await timed(async () => {
			for (const t of dec) await b.forward([t], false);
		});
		b.truncate(n);
		const q = seededIds(o.questionTokens, seed * 15485863 + n, o.vocabSize);
		const questionChunkS = await timed(() => b.forward(q, true));
		b.truncate(n);
		kvRestored &&= b.filled() === n;
		const questionDecodeS = await timed(async () => {
			for (const t of q) await b.forward([t], false);
		});
		b.truncate(n);
		kvRestored &&= b.filled() === n;
		const row = {
			n,
			prefillS,
			prefillTokS: n / prefillS,
			decodeSteps: o.decodeSteps,
			decodeS,
			decodeTokS: o.decodeSteps / decodeS,
			questionTokens: o.questionTokens,
			questionChunkS,
			questionDecodeS,
			kvRestored
		};
		rows.push(row);
		o.onRow?.(row);
	}
	await b.reset();
	return rows;
}
