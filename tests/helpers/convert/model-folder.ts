// Small whole models in every source layout, for open.ts and the conversion tests: a Mistral-shaped network (one
// layer, hidden 64, 4 heads / 2 KV heads, vocabulary 8) as a Hugging Face safetensors folder (F32, BF16 or F16; one
// file or sharded with an index; tokenizer.model or tokenizer.json), as a GGUF file, and as an MLC q4f16_1 folder.
// Values are k/256 for integers k in −128…127: exact in every float format, so each dtype holds the same numbers.
// No Node imports: browser tests build the same files (tests/helpers/convert/write-files.ts puts them on disk).
import { createRng } from '$lib/engines/webllm/synthetic/rng';
import { strings, str, u32, f32 as gf32, writeGguf } from './gguf';
import { MLC_RECORDS, mlcChatConfig, mlcTensorCache } from './mlc';
import { bf16Bytes, f16Bytes, f32Bytes, safetensorsFile, safetensorsParts, type TensorBytes } from './safetensors';
import { writeSentencePieceModel } from './sentencepiece';

export const TINY = { hidden: 64, heads: 4, kvHeads: 2, headDim: 16, intermediate: 128, layers: 1, vocab: 8 } as const;
export const TINY_VOCAB = ['<unk>', '<s>', '</s>', '▁the', '▁a', 'é', '<0x0A>', '▁FILM'];

export type Files = Record<string, Uint8Array>;

/** HF name → row-major shape, in the order a checkpoint lists them. */
export function tinyShapes(): [string, number[]][] {
	const { hidden: h, kvHeads, headDim, intermediate: f, vocab: v } = TINY;
	const kv = kvHeads * headDim;
	const l = 'model.layers.0';
	return [
		['model.embed_tokens.weight', [v, h]],
		[`${l}.input_layernorm.weight`, [h]],
		[`${l}.self_attn.q_proj.weight`, [h, h]],
		[`${l}.self_attn.k_proj.weight`, [kv, h]],
		[`${l}.self_attn.v_proj.weight`, [kv, h]],
		[`${l}.self_attn.o_proj.weight`, [h, h]],
		[`${l}.post_attention_layernorm.weight`, [h]],
		[`${l}.mlp.gate_proj.weight`, [f, h]],
		[`${l}.mlp.up_proj.weight`, [f, h]],
		[`${l}.mlp.down_proj.weight`, [h, f]],
		['model.norm.weight', [h]],
		['lm_head.weight', [v, h]]
	];
}

/** The values of one tensor (seeded by its name). */
export function tinyValues(name: string, count: number): number[] {
	const rng = createRng(7, name);
	return Array.from({ length: count }, () => ((rng.u32() % 256) - 128) / 256);
}

const encode = { F32: f32Bytes, BF16: bf16Bytes, F16: f16Bytes } as const;

export function hfConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		architectures: ['MistralForCausalLM'],
		hidden_size: TINY.hidden,
		intermediate_size: TINY.intermediate,
		num_hidden_layers: TINY.layers,
		num_attention_heads: TINY.heads,
		num_key_value_heads: TINY.kvHeads,
		vocab_size: TINY.vocab,
		rope_theta: 1e6,
		rms_norm_eps: 1e-5,
		max_position_embeddings: 32768,
		sliding_window: null,
		torch_dtype: 'float32',
		...overrides
	};
}

export interface SafetensorsFolderOptions {
	dtype: 'F32' | 'BF16' | 'F16';
	/** Shards (default 1: a single model.safetensors, no index). */
	shards?: number;
	tokenizer?: 'model' | 'json' | 'none';
}

export function tinySafetensorsFolder(opts: SafetensorsFolderOptions): Files {
	const shapes = tinyShapes();
	const shards = opts.shards ?? 1;
	const tensors: TensorBytes[] = shapes.map(([name, shape]) => ({
		name,
		dtype: opts.dtype,
		shape,
		data: encode[opts.dtype](tinyValues(name, shape.reduce((a, b) => a * b, 1)))
	}));
	const files: Files = { 'config.json': json(hfConfig({ torch_dtype: { F32: 'float32', BF16: 'bfloat16', F16: 'float16' }[opts.dtype] })) };
	if (shards === 1) files['model.safetensors'] = safetensorsFile(safetensorsParts(tensors));
	else {
		const weightMap: Record<string, string> = {};
		const per = Math.ceil(tensors.length / shards);
		for (let s = 0; s < shards; s++) {
			const name = `model-${String(s + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
			const part = tensors.slice(s * per, (s + 1) * per);
			for (const t of part) weightMap[t.name] = name;
			files[name] = safetensorsFile(safetensorsParts(part));
		}
		files['model.safetensors.index.json'] = json({ metadata: { total_size: 0 }, weight_map: weightMap });
	}
	if (opts.tokenizer !== 'none') Object.assign(files, tokenizerFiles(opts.tokenizer ?? 'model'));
	return files;
}

export function tokenizerFiles(kind: 'model' | 'json'): Files {
	if (kind === 'model') return { 'tokenizer.model': writeSentencePieceModel(TINY_VOCAB.map((piece, i) => ({ piece, score: -i, type: i < 3 ? 3 : undefined }))) };
	const vocab = Object.fromEntries(TINY_VOCAB.map((p, i) => [p, i]));
	return { 'tokenizer.json': json({ version: '1.0', added_tokens: [{ id: 0, content: '<unk>', special: true }], model: { type: 'BPE', vocab, merges: [] } }) };
}

/** A llama-architecture GGUF of the same network: F32 norms, Q8_0 weights, dims innermost first. */
/** HF tensor name → llama.cpp's GGUF name. */
export const GGUF_NAME_OF: Readonly<Record<string, string>> = {
		'model.embed_tokens.weight': 'token_embd.weight',
		'model.layers.0.input_layernorm.weight': 'blk.0.attn_norm.weight',
		'model.layers.0.self_attn.q_proj.weight': 'blk.0.attn_q.weight',
		'model.layers.0.self_attn.k_proj.weight': 'blk.0.attn_k.weight',
		'model.layers.0.self_attn.v_proj.weight': 'blk.0.attn_v.weight',
		'model.layers.0.self_attn.o_proj.weight': 'blk.0.attn_output.weight',
		'model.layers.0.post_attention_layernorm.weight': 'blk.0.ffn_norm.weight',
		'model.layers.0.mlp.gate_proj.weight': 'blk.0.ffn_gate.weight',
		'model.layers.0.mlp.up_proj.weight': 'blk.0.ffn_up.weight',
		'model.layers.0.mlp.down_proj.weight': 'blk.0.ffn_down.weight',
		'model.norm.weight': 'output_norm.weight',
		'lm_head.weight': 'output.weight'
};

export function tinyGguf(): { bytes: Uint8Array; dataStart: number } {
	const names = GGUF_NAME_OF;
	const tensors = tinyShapes().map(([hf, shape]) => {
		const n = shape.reduce((a, b) => a * b, 1);
		const vals = tinyValues(hf, n);
		if (shape.length === 1) return { name: names[hf], dims: [...shape].reverse(), type: 0, data: f32Bytes(vals) };
		// Q8_0 with d = 1/256: q = value · 256 exactly.
		const data = new Uint8Array((n / 32) * 34);
		for (let b = 0; b < n / 32; b++) {
			data[34 * b] = 0x00;
			data[34 * b + 1] = 0x1c; // f16 2^-8
			for (let j = 0; j < 32; j++) data[34 * b + 2 + j] = (vals[32 * b + j] * 256) & 0xff;
		}
		return { name: names[hf], dims: [...shape].reverse(), type: 8, data };
	});
	return writeGguf({
		metadata: [
			['general.architecture', str('llama')],
			['llama.context_length', u32(32768)],
			['llama.embedding_length', u32(TINY.hidden)],
			['llama.block_count', u32(TINY.layers)],
			['llama.feed_forward_length', u32(TINY.intermediate)],
			['llama.attention.head_count', u32(TINY.heads)],
			['llama.attention.head_count_kv', u32(TINY.kvHeads)],
			['llama.rope.freq_base', gf32(1e6)],
			['llama.attention.layer_norm_rms_epsilon', gf32(1e-5)],
			['tokenizer.ggml.model', str('llama')],
			['tokenizer.ggml.tokens', strings(TINY_VOCAB)]
		],
		tensors
	});
}

/** An MLC q4f16_1 folder of the same network's shapes (its words and scales are filler). */
export function tinyMlcFolder(cacheName: 'tensor-cache.json' | 'ndarray-cache.json' = 'tensor-cache.json'): Files {
	const { cache, shardSizes } = mlcTensorCache(MLC_RECORDS, 3);
	const files: Files = { 'mlc-chat-config.json': json(mlcChatConfig()), [cacheName]: json(cache), ...tokenizerFiles('json') };
	shardSizes.forEach((size, i) => (files[`params_shard_${i}.bin`] = Uint8Array.from({ length: size }, (_, j) => (j * 7 + i) & 0xff)));
	return files;
}

function json(v: unknown): Uint8Array {
	return new TextEncoder().encode(JSON.stringify(v, null, 2));
}
