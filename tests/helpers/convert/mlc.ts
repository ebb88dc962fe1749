// The JSON files of a small MLC q4f16_1 folder, shaped like web-llm's prebuilt Mistral folders.

export function mlcChatConfig(overrides: Record<string, unknown> = {}, model: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		version: '0.1.0',
		model_type: 'mistral',
		quantization: 'q4f16_1',
		model_config: {
			hidden_size: 64,
			intermediate_size: 128,
			num_attention_heads: 4,
			num_hidden_layers: 1,
			rms_norm_eps: 1e-5,
			vocab_size: 8,
			position_embedding_base: 1000000,
			num_key_value_heads: 2,
			head_dim: 16,
			sliding_window_size: -1,
			context_window_size: 32768,
			prefill_chunk_size: 1024,
			tensor_parallel_shards: 1,
			...model
		},
		vocab_size: 8,
		context_window_size: 32768,
		sliding_window_size: -1,
		attention_sink_size: 0,
		tokenizer_files: ['tokenizer.json'],
		...overrides
	};
}

export interface MlcRecord {
	name: string;
	shape: number[];
	dtype: 'uint32' | 'float16' | 'float32';
	format?: string;
}

const BYTES = { uint32: 4, float16: 2, float32: 4 } as const;

/** A tensor cache laying the records out back to back, `perShard` to a shard. */
export function mlcTensorCache(records: MlcRecord[], perShard = 2): { cache: Record<string, unknown>; shardSizes: number[] } {
	const shards: Record<string, unknown>[] = [];
	const shardSizes: number[] = [];
	for (let i = 0; i < records.length; i += perShard) {
		let offset = 0;
		const recs = records.slice(i, i + perShard).map((r) => {
			const nbytes = r.shape.reduce((a, b) => a * b, 1) * (r.format === 'f32-to-bf16' ? 2 : BYTES[r.dtype]);
			const rec = { name: r.name, shape: r.shape, dtype: r.dtype, format: r.format ?? 'raw', nbytes, byteOffset: offset };
			offset += nbytes;
			return rec;
		});
		shards.push({ dataPath: `params_shard_${shards.length}.bin`, format: 'raw-shard', nbytes: offset, records: recs, md5sum: '0'.repeat(32) });
		shardSizes.push(offset);
	}
	return { cache: { metadata: { ParamSize: records.length, ParamBytes: 0, BitsPerParam: 4.5 }, records: shards }, shardSizes };
}

/** The tensors of a one-layer q4f16_1 Mistral of the config above. */
export const MLC_RECORDS: MlcRecord[] = [
	{ name: 'model.embed_tokens.q_weight', shape: [8, 8], dtype: 'uint32' },
	{ name: 'model.embed_tokens.q_scale', shape: [8, 2], dtype: 'float16' },
	{ name: 'model.layers.0.input_layernorm.weight', shape: [64], dtype: 'float16' },
	{ name: 'model.layers.0.self_attn.qkv_proj.q_weight', shape: [128, 8], dtype: 'uint32' },
	{ name: 'model.layers.0.self_attn.qkv_proj.q_scale', shape: [128, 2], dtype: 'float16' },
	{ name: 'model.norm.weight', shape: [64], dtype: 'float16' },
	{ name: 'lm_head.q_weight', shape: [8, 8], dtype: 'uint32' },
	{ name: 'lm_head.q_scale', shape: [8, 2], dtype: 'float16' }
];
