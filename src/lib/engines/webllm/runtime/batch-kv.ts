// BatchKv over a loaded web-llm pipeline (0.2.79 and 0.2.86 keep these TypeScript-private fields under the same
// names). web-llm's own KV cache holds one sequence, so this makes a second one with the library's
// create_tir_paged_kv_cache, room for B + 1 sequences, and forwards into it with the library's own functions — the
// call shapes that ran on an H100 and on the software adapter (real-engine/NOTES.md, gpu-rig/site/bench.js).
// It never touches web-llm's cache or bookkeeping, so web-llm's own requests keep working beside it (not at the same
// time: take the model lock around a batch).
import type { BatchKv, SeqInput } from '../batch/kv';

export interface NDArrayLike {
	shape: number[];
	dtype: string;
	view(shape: number[]): NDArrayLike;
	copyFrom(a: NDArrayLike): void;
	toArray(): ArrayLike<number>;
	dispose(): void;
}
export type TvmFn = (...args: unknown[]) => unknown;
export interface TvmLike {
	beginScope(): void;
	endScope(): void;
	detachFromCurrentScope<T>(obj: T): T;
	scalar(v: number, dtype: string): unknown;
	makeShapeTuple(dims: number[]): unknown;
	empty(shape: number[], dtype: string, dev: unknown): NDArrayLike;
	cpu(): unknown;
	getGlobalFunc(name: string): TvmFn;
}
export interface PipelineForBatch {
	tvm: TvmLike;
	vm: { getFunction(name: string): TvmFn };
	params: unknown;
	prefillChunkSize: number;
	device: { sync(): Promise<void> };
	getTokensEmbeddings(ids: number[]): NDArrayLike;
	/** The library's single-sequence `prefill` and `decode`, detached by web-llm at load. */
	prefill: TvmFn;
	decoding: TvmFn;
	fKVCacheAddSequence: TvmFn;
	fKVCacheRemoveSequence: TvmFn;
	fKVCacheBeginForward: TvmFn;
	fKVCacheEndForward: TvmFn;
}

const REQUIRED = ['tvm', 'vm', 'params', 'prefillChunkSize', 'device', 'getTokensEmbeddings', 'prefill', 'decoding', 'fKVCacheAddSequence', 'fKVCacheRemoveSequence', 'fKVCacheBeginForward', 'fKVCacheEndForward'] as const;

/** Which of the fields the batch paths use a pipeline lacks ([] when it has them all). */
export function missingBatchInternals(pipe: unknown): string[] {
	if (!pipe || typeof pipe !== 'object') return ['pipeline'];
	const p = pipe as Record<string, unknown>;
	const miss: string[] = REQUIRED.filter((k) => p[k] == null);
	const vm = p.vm as { getFunction?: unknown } | undefined;
	if (vm && typeof vm.getFunction !== 'function') miss.push('vm.getFunction');
	return miss;
}

/** The library's compiled limits (absent where its metadata does not say). */
export interface LibraryMetadata {
	maxBatchSize?: number;
	prefillChunkSize?: number;
}

/** The library's compiled limits, from its embedded metadata (max_batch_size is 80 for the v0_2_48 libraries). */
export function readLibraryMetadata(p: PipelineForBatch): LibraryMetadata {
	const tvm = p.tvm;
	tvm.beginScope();
	try {
		const m = JSON.parse(String((p.vm.getFunction('_metadata')() as { toString(): string }).toString())) as Record<string, unknown>;
		const num = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
		return { maxBatchSize: num(m.max_batch_size), prefillChunkSize: num(m.prefill_chunk_size) };
	} catch {
		return {};
	} finally {
		tvm.endScope();
	}
}

export interface TvmBatchKvOptions {
	/** B + 1: the context's sequence and B question sequences. */
	maxSequences: number;
	/** Tokens of all sequences together (kvTokensFor in batch-size.ts). */
	capacityTokens: number;
	/** The library's batch limit; read from its metadata when left out. */
	maxBatch?: number;
}

export function createTvmBatchKv(p: PipelineForBatch, o: TvmBatchKvOptions): BatchKv {
	const tvm = p.tvm;
	const i64 = (v: number) => tvm.scalar(v, 'int64');
	const chunk = p.prefillChunkSize;
	const maxBatch = o.maxBatch ?? readLibraryMetadata(p).maxBatchSize ?? o.maxSequences - 1;

	tvm.beginScope();
	let kv: unknown, batchDecode: TvmFn, batchVerify: TvmFn, fork: TvmFn, popn: TvmFn;
	try {
		const create = p.vm.getFunction('create_tir_paged_kv_cache');
		// max_num_sequence, max_total_sequence_length, prefill_chunk_size, page_size, support_sliding_window:
		// the same arguments web-llm passes for its own cache, but with room for several sequences.
		kv = tvm.detachFromCurrentScope(
			create(tvm.makeShapeTuple([o.maxSequences]), tvm.makeShapeTuple([o.capacityTokens]), tvm.makeShapeTuple([chunk]), tvm.makeShapeTuple([16]), tvm.makeShapeTuple([0]))
		);
		batchDecode = tvm.detachFromCurrentScope(p.vm.getFunction('batch_decode'));
		batchVerify = tvm.detachFromCurrentScope(p.vm.getFunction('batch_verify'));
		// TVM's builtins take int64 scalars; plain JS numbers would cross as floats.
		fork = tvm.detachFromCurrentScope(tvm.getGlobalFunc('vm.builtin.kv_state_fork_sequence'));
		popn = tvm.detachFromCurrentScope(tvm.getGlobalFunc('vm.builtin.kv_state_popn'));
	} finally {
		tvm.endScope();
	}
	const lengths = new Map<number, number>();
	const inScope = <T>(fn: () => T): T => {
		tvm.beginScope();
		try {
			return fn();
		} finally {
			tvm.endScope();
		}
	};
	const len = (seq: number) => {
		const n = lengths.get(seq);
		if (n === undefined) throw new Error(`no KV sequence ${seq}`);
		return n;
	};

	/** One forward: embeddings of all `ids` (≤ one chunk), begin_forward over the sequences, the function, logits to the CPU. */
	async function forward(fn: TvmFn, ids: number[], seqs: number[], counts: number[], layout: 'one-row' | 'row-per-seq'): Promise<Float32Array> {
		if (ids.length > chunk) throw new Error(`${ids.length} tokens exceed one forward's chunk of ${chunk}`);
		let cpu: NDArrayLike | null = null;
		tvm.beginScope();
		try {
			const emb = p.getTokensEmbeddings(ids);
			const hidden = emb.shape[emb.shape.length - 1];
			// prefill / batch_verify / decode read [1, n, hidden]; batch_decode reads [B, 1, hidden].
			const e = layout === 'row-per-seq' ? emb.view([ids.length, 1, hidden]) : emb.view([1, ids.length, hidden]);
			p.fKVCacheBeginForward(kv, tvm.makeShapeTuple(seqs), tvm.makeShapeTuple(counts));
			const ret = fn(e, kv, p.params) as { get(i: number): NDArrayLike };
			p.fKVCacheEndForward(kv);
			const logits = ret.get(0);
			if (logits.dtype !== 'float32') throw new Error(`logits are ${logits.dtype}; the batch paths read float32`);
			cpu = tvm.detachFromCurrentScope(tvm.empty(logits.shape, logits.dtype, tvm.cpu()));
			cpu.copyFrom(logits);
		} finally {
			tvm.endScope();
		}
		await p.device.sync();
		try {
			return Float32Array.from(cpu.toArray());
		} finally {
			cpu.dispose();
		}
	}
	const rows = (flat: Float32Array, n: number) => {
		const V = flat.length / n;
		return Array.from({ length: n }, (_, i) => flat.subarray(i * V, (i + 1) * V));
	};
	const bump = (seq: number, n: number) => lengths.set(seq, len(seq) + n);

	return {
		maxSequences: o.maxSequences,
		chunkSize: chunk,
		maxBatch,
		capacityTokens: o.capacityTokens,
		addSequence(seq) {
			if (lengths.has(seq)) throw new Error(`KV sequence ${seq} exists`);
			inScope(() => p.fKVCacheAddSequence(kv, i64(seq)));
			lengths.set(seq, 0);
		},
		forkSequence(parent, child) {
			const n = len(parent);
			if (lengths.has(child)) throw new Error(`KV sequence ${child} exists`);
			// fork_pos −1: the child shares the parent's whole history (pages are shared, the last one copied).
			inScope(() => fork(kv, i64(parent), i64(child), i64(-1)));
			lengths.set(child, n);
		},
		removeSequence(seq) {
			len(seq);
			inScope(() => p.fKVCacheRemoveSequence(kv, i64(seq)));
			lengths.delete(seq);
		},
		popTokens(seq, n) {
			if (n > len(seq)) throw new Error(`cannot pop ${n} of ${len(seq)} tokens`);
			if (n === 0) return;
			inScope(() => popn(kv, i64(seq), i64(n)));
			bump(seq, -n);
		},
		length: len,
		async prefill(seq, ids) {
			len(seq);
			const out = await forward(ids.length > 1 ? p.prefill : p.decoding, ids, [seq], [ids.length], 'one-row');
			bump(seq, ids.length);
			return out; // [1, 1, V]: the last position
		},
		async verify(inputs: SeqInput[]) {
			inputs.forEach((x) => len(x.seq));
			const ids = inputs.flatMap((x) => x.ids);
			const flat = await forward(batchVerify, ids, inputs.map((x) => x.seq), inputs.map((x) => x.ids.length), 'one-row');
			inputs.forEach((x) => bump(x.seq, x.ids.length));
			const all = rows(flat, ids.length); // [1, total, V]
			let at = 0;
			return inputs.map((x) => all.slice(at, (at += x.ids.length)));
		},
		async decode(inputs) {
			inputs.forEach((x) => len(x.seq));
			const one = inputs.length === 1;
			// One sequence goes through the same single-sequence kernel web-llm decodes with.
			const flat = await forward(one ? p.decoding : batchDecode, inputs.map((x) => x.id), inputs.map((x) => x.seq), inputs.map(() => 1), one ? 'one-row' : 'row-per-seq');
			inputs.forEach((x) => bump(x.seq, 1));
			return rows(flat, inputs.length);
		},
		dispose() {
			const k = kv as { dispose?: () => void };
			k.dispose?.();
			for (const f of [batchDecode, batchVerify, fork, popn] as unknown as { dispose?: () => void }[]) f.dispose?.();
			lengths.clear();
		}
	};
}
