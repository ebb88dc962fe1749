// The description a compiled MLC model library carries of itself: a JSON object embedded in the .wasm bytes that
// lists every parameter tensor (name, shape, dtype, in load order) and the KV cache geometry. The weights we generate
// must match it exactly — the runtime aborts on any other shape — so we read it rather than hard-code a model.
import { isObject } from '$lib/util/guards';

export type Dim = number | string;

export interface LibraryParam {
	name: string;
	/** Numbers, or symbolic names (e.g. "vocab_size") that the weights decide. */
	shape: Dim[];
	dtype: string;
}

export interface LibraryMeta {
	modelType: string;
	quantization: string;
	contextWindowSize: number;
	prefillChunkSize: number;
	slidingWindowSize: number;
	attentionSinkSize: number;
	kvStateKind: string;
	kvCache: { numHiddenLayers: number; numAttentionHeads: number; numKeyValueHeads: number; headDim: number } | null;
	params: LibraryParam[];
}

const MARKER = '{"model_type"';

/** Finds the embedded object and returns its JSON text: the balanced `{…}` starting at `{"model_type"`. */
export function findEmbeddedJson(bytes: Uint8Array): string {
	const start = indexOfAscii(bytes, MARKER);
	if (start < 0) throw new Error('no embedded model description ({"model_type" …) in this file: is it an MLC model library?');
	let depth = 0;
	let inString = false;
	let escaped = false;
	for (let i = start; i < bytes.length; i++) {
		const c = bytes[i];
		if (inString) {
			if (escaped) escaped = false;
			else if (c === 0x5c) escaped = true;
			else if (c === 0x22) inString = false;
			continue;
		}
		if (c === 0x22) inString = true;
		else if (c === 0x7b) depth++;
		else if (c === 0x7d && --depth === 0) return new TextDecoder().decode(bytes.subarray(start, i + 1));
	}
	throw new Error('the embedded model description is cut off (unbalanced braces)');
}

export function parseLibraryMeta(bytes: Uint8Array): LibraryMeta {
	return validateMeta(JSON.parse(findEmbeddedJson(bytes)) as unknown);
}

function validateMeta(raw: unknown): LibraryMeta {
	const o = asObject(raw, 'model description');
	const kv = o.kv_cache === undefined || o.kv_cache === null ? null : asObject(o.kv_cache, 'kv_cache');
	if (!Array.isArray(o.params) || o.params.length === 0) throw new Error('model description has no params list');
	const params = o.params.map((p, i): LibraryParam => {
		const q = asObject(p, `params[${i}]`);
		const shape = q.shape;
		if (typeof q.name !== 'string' || typeof q.dtype !== 'string' || !Array.isArray(shape))
			throw new Error(`params[${i}] needs name, shape and dtype`);
		for (const d of shape)
			if (!(typeof d === 'string' || (Number.isInteger(d) && (d as number) >= 0)))
				throw new Error(`params[${i}] (${q.name}) has a bad dimension ${JSON.stringify(d)}`);
		return { name: q.name, shape: shape as Dim[], dtype: q.dtype };
	});
	return {
		modelType: str(o.model_type, 'model_type'),
		quantization: str(o.quantization, 'quantization'),
		contextWindowSize: int(o.context_window_size, 'context_window_size'),
		prefillChunkSize: int(o.prefill_chunk_size, 'prefill_chunk_size'),
		slidingWindowSize: o.sliding_window_size === undefined ? -1 : int(o.sliding_window_size, 'sliding_window_size'),
		attentionSinkSize: o.attention_sink_size === undefined ? 0 : int(o.attention_sink_size, 'attention_sink_size'),
		kvStateKind: typeof o.kv_state_kind === 'string' ? o.kv_state_kind : 'kv_cache',
		kvCache: kv && {
			numHiddenLayers: int(kv.num_hidden_layers, 'kv_cache.num_hidden_layers'),
			numAttentionHeads: int(kv.num_attention_heads, 'kv_cache.num_attention_heads'),
			numKeyValueHeads: int(kv.num_key_value_heads, 'kv_cache.num_key_value_heads'),
			headDim: int(kv.head_dim, 'kv_cache.head_dim')
		},
		params
	};
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
	const first = text.charCodeAt(0);
	outer: for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - text.length; i = bytes.indexOf(first, i + 1)) {
		for (let j = 1; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer;
		return i;
	}
	return -1;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
	if (!isObject(v)) throw new Error(`${what} is not an object`);
	return v as Record<string, unknown>;
}
function str(v: unknown, what: string): string {
	if (typeof v !== 'string') throw new Error(`model description: ${what} is not a string`);
	return v;
}
function int(v: unknown, what: string): number {
	if (!Number.isInteger(v)) throw new Error(`model description: ${what} is not an integer`);
	return v as number;
}
