// From the library's parameter list to concrete tensors and their place in shard files: the layout of
// `ndarray-cache.json` / `tensor-cache.json` that web-llm reads before it fetches any weight.
import type { LibraryMeta, LibraryParam } from './library-meta';

export interface TensorSpec {
	name: string;
	shape: number[];
	dtype: string;
	nbytes: number;
}

export interface TensorRecord extends TensorSpec {
	format: 'raw';
	byteOffset: number;
}

export interface ShardRecord {
	dataPath: string;
	format: 'raw-shard';
	nbytes: number;
	records: TensorRecord[];
}

export interface TensorCache {
	metadata: { ParamSize: number; ParamBytes: number; BitsPerParam: number };
	records: ShardRecord[];
}

/** MLC's own converter cuts shards near 32 MB; a tensor larger than that gets a shard to itself. */
export const DEFAULT_SHARD_BYTES = 32 * 1024 * 1024;

const DTYPE_BYTES: Record<string, number> = { uint32: 4, int32: 4, float32: 4, float16: 2, uint16: 2, int8: 1, uint8: 1 };

export function dtypeBytes(dtype: string): number {
	const n = DTYPE_BYTES[dtype];
	if (n === undefined) throw new Error(`unsupported dtype ${dtype}`);
	return n;
}

/**
 * Symbolic dimensions the weights decide. The library's own numeric shapes win where they exist: a Qwen2 library
 * lists 151,936 rows for the embedding, a Mistral library lists `vocab_size` and leaves it to us.
 */
export function inferDims(meta: LibraryMeta, given: Record<string, number> = {}): Record<string, number> {
	const dims = { ...given };
	if (dims.vocab_size === undefined) {
		const embed = meta.params.find((p) => p.name.endsWith('embed_tokens.q_weight') || p.name.endsWith('embed_tokens.weight'));
		if (embed && typeof embed.shape[0] === 'number') dims.vocab_size = embed.shape[0];
	}
	return dims;
}

export function resolveParam(p: LibraryParam, dims: Record<string, number>): TensorSpec {
	const shape = p.shape.map((d) => {
		if (typeof d === 'number') return d;
		const v = dims[d];
		if (v === undefined) throw new Error(`${p.name}: symbolic dimension "${d}" needs a value (e.g. --dim ${d}=32000)`);
		return v;
	});
	return { name: p.name, shape, dtype: p.dtype, nbytes: shape.reduce((a, b) => a * b, 1) * dtypeBytes(p.dtype) };
}

export function resolveParams(meta: LibraryMeta, dims: Record<string, number>): TensorSpec[] {
	return meta.params.map((p) => resolveParam(p, dims));
}

/** Lays tensors end to end in load order, starting a new shard when the next tensor would pass `shardBytes`. */
export function planShards(tensors: TensorSpec[], shardBytes = DEFAULT_SHARD_BYTES): TensorCache {
	const shards: ShardRecord[] = [];
	let cur: TensorRecord[] = [];
	let size = 0;
	const flush = () => {
		if (cur.length === 0) return;
		shards.push({ dataPath: `params_shard_${shards.length}.bin`, format: 'raw-shard', nbytes: size, records: cur });
		cur = [];
		size = 0;
	};
	for (const t of tensors) {
		if (size > 0 && size + t.nbytes > shardBytes) flush();
		cur.push({ ...t, format: 'raw', byteOffset: size });
		size += t.nbytes;
	}
	flush();
	const total = tensors.reduce((a, t) => a + t.nbytes, 0);
	const elements = tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
	return {
		metadata: { ParamSize: tensors.length, ParamBytes: total, BitsPerParam: elements ? +((total * 8) / elements).toFixed(3) : 0 },
		records: shards
	};
}
