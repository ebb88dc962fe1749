// Toy model libraries and sources for the converter's tests: the shapes of a real Mistral / Qwen2 library and of
// Hugging Face, GGUF and MLC sources, small enough to write by hand. Headers only; no tensor data.
import type { LibraryMeta, LibraryParam } from '$lib/engines/webllm/synthetic/library-meta';
import type { ArchConfig, SourceDType, SourceModel, SourceTensor, Target } from '$lib/convert/types';

export interface ToyDims {
	layers: number;
	hidden: number;
	heads: number;
	kvHeads: number;
	headDim: number;
	intermediate: number;
	vocab: number;
}
export const TOY: ToyDims = { layers: 2, hidden: 64, heads: 4, kvHeads: 2, headDim: 16, intermediate: 96, vocab: 40 };

function quantPair(name: string, rows: number | string, cols: number, target: Target): LibraryParam[] {
	const dt = target === 'q4f16_1' ? 'float16' : 'float32';
	return [
		{ name: `${name}.q_weight`, shape: [rows, cols / 8], dtype: 'uint32' },
		{ name: `${name}.q_scale`, shape: [rows, cols / 32], dtype: dt }
	];
}

/** A library description as parseLibraryMeta returns it, in MLC's parameter order. */
export function toyLibrary(family: 'mistral' | 'qwen2', target: Target, d: ToyDims = TOY): LibraryMeta {
	const dt = target === 'q4f16_1' ? 'float16' : 'float32';
	const vocab: number | string = family === 'mistral' ? 'vocab_size' : d.vocab;
	const attn = family === 'mistral' ? 'qkv_proj' : 'c_attn';
	const params: LibraryParam[] = [...quantPair('model.embed_tokens', vocab, d.hidden, target)];
	for (let l = 0; l < d.layers; l++) {
		const p = `model.layers.${l}`;
		params.push(...quantPair(`${p}.self_attn.${attn}`, (d.heads + 2 * d.kvHeads) * d.headDim, d.hidden, target));
		if (family === 'qwen2') params.push({ name: `${p}.self_attn.c_attn.bias`, shape: [(d.heads + 2 * d.kvHeads) * d.headDim], dtype: dt });
		params.push(...quantPair(`${p}.self_attn.o_proj`, d.hidden, d.heads * d.headDim, target));
		params.push(...quantPair(`${p}.mlp.gate_up_proj`, 2 * d.intermediate, d.hidden, target));
		params.push(...quantPair(`${p}.mlp.down_proj`, d.hidden, d.intermediate, target));
		params.push({ name: `${p}.input_layernorm.weight`, shape: [d.hidden], dtype: dt });
		params.push({ name: `${p}.post_attention_layernorm.weight`, shape: [d.hidden], dtype: dt });
	}
	params.push({ name: 'model.norm.weight', shape: [d.hidden], dtype: dt });
	if (family === 'mistral') params.push(...quantPair('lm_head', vocab, d.hidden, target));
	return {
		modelType: family,
		quantization: target,
		contextWindowSize: 4096,
		prefillChunkSize: 1024,
		slidingWindowSize: -1,
		attentionSinkSize: family === 'mistral' ? 4 : -1,
		kvStateKind: 'kv_cache',
		kvCache: { numHiddenLayers: d.layers, numAttentionHeads: d.heads, numKeyValueHeads: d.kvHeads, headDim: d.headDim },
		params
	};
}

export function toyConfig(family: 'mistral' | 'qwen2', d: ToyDims = TOY, over: Partial<ArchConfig> = {}): ArchConfig {
	return {
		family,
		declared: family === 'mistral' ? 'MistralForCausalLM' : 'Qwen2ForCausalLM',
		hiddenSize: d.hidden,
		intermediateSize: d.intermediate,
		numLayers: d.layers,
		numHeads: d.heads,
		numKvHeads: d.kvHeads,
		headDim: d.headDim,
		vocabSize: d.vocab,
		ropeTheta: 1e6,
		rmsNormEps: family === 'mistral' ? 1e-5 : 1e-6,
		maxPositionEmbeddings: 32768,
		slidingWindow: null,
		tieWordEmbeddings: family === 'qwen2',
		...over
	};
}

/** Bytes per element; GGUF block types as their block's bytes over its values (e.g. Q4_K: 144 bytes per 256). */
const BYTES: Record<SourceDType, number> = { F32: 4, F16: 2, BF16: 2, U32: 4, Q8_0: 34 / 32, Q4_0: 18 / 32, Q4_K: 144 / 256, Q5_K: 176 / 256, Q6_K: 210 / 256 };

interface Listed {
	name: string;
	shape: number[];
	file: number;
	dtype?: SourceDType;
}

/** Lays the listed tensors end to end in each file (after a header of `headerBytes`), as a reader would list them. */
export function layOut(listed: Listed[], dtype: SourceDType, headerBytes = 1000): SourceTensor[] {
	const next = new Map<number, number>();
	return listed.map((t) => {
		const dt = t.dtype ?? dtype;
		const nbytes = Math.ceil(t.shape.reduce((a, b) => a * b, 1) * BYTES[dt]);
		const offset = next.get(t.file) ?? headerBytes;
		next.set(t.file, offset + nbytes);
		return { name: t.name, dtype: dt, shape: t.shape, file: t.file, offset, nbytes };
	});
}

/** A Hugging Face source in two files; layer 1's q_proj sits in file 0 and the rest of layer 1 in file 1. */
export function toyHfSource(family: 'mistral' | 'qwen2', d: ToyDims = TOY, dtype: SourceDType = 'BF16', over: Partial<ArchConfig> = {}): SourceModel {
	const listed: Listed[] = [{ name: 'model.embed_tokens.weight', shape: [d.vocab, d.hidden], file: 0 }];
	for (let l = 0; l < d.layers; l++) {
		const p = `model.layers.${l}`;
		const f = l === 0 ? 0 : 1;
		listed.push({ name: `${p}.self_attn.q_proj.weight`, shape: [d.heads * d.headDim, d.hidden], file: l === d.layers - 1 ? 0 : f });
		listed.push({ name: `${p}.self_attn.k_proj.weight`, shape: [d.kvHeads * d.headDim, d.hidden], file: f });
		listed.push({ name: `${p}.self_attn.v_proj.weight`, shape: [d.kvHeads * d.headDim, d.hidden], file: f });
		if (family === 'qwen2')
			for (const [x, n] of [['q', d.heads], ['k', d.kvHeads], ['v', d.kvHeads]] as const)
				listed.push({ name: `${p}.self_attn.${x}_proj.bias`, shape: [n * d.headDim], file: f });
		listed.push({ name: `${p}.self_attn.o_proj.weight`, shape: [d.hidden, d.heads * d.headDim], file: f });
		listed.push({ name: `${p}.mlp.gate_proj.weight`, shape: [d.intermediate, d.hidden], file: f });
		listed.push({ name: `${p}.mlp.up_proj.weight`, shape: [d.intermediate, d.hidden], file: f });
		listed.push({ name: `${p}.mlp.down_proj.weight`, shape: [d.hidden, d.intermediate], file: f });
		listed.push({ name: `${p}.input_layernorm.weight`, shape: [d.hidden], file: f });
		listed.push({ name: `${p}.post_attention_layernorm.weight`, shape: [d.hidden], file: f });
	}
	listed.push({ name: 'model.norm.weight', shape: [d.hidden], file: 1 });
	if (family === 'mistral') listed.push({ name: 'lm_head.weight', shape: [d.vocab, d.hidden], file: 1 });
	return {
		format: 'safetensors',
		files: [
			{ name: 'model-00001-of-00002.safetensors', size: null },
			{ name: 'model-00002-of-00002.safetensors', size: null }
		],
		tensors: layOut(listed, dtype),
		config: toyConfig(family, d, over),
		vocab: null,
		tokenizerJson: null
	};
}

/** A GGUF source (one file, llama architecture, names as llama.cpp writes them), with a Q4_K / Q6_K mix. */
export function toyGgufSource(d: ToyDims = TOY, opts: { tied?: boolean } = {}): SourceModel {
	const listed: Listed[] = [{ name: 'token_embd.weight', shape: [d.vocab, d.hidden], file: 0, dtype: 'Q6_K' }];
	for (let l = 0; l < d.layers; l++) {
		const b = `blk.${l}`;
		listed.push({ name: `${b}.attn_norm.weight`, shape: [d.hidden], file: 0, dtype: 'F32' });
		listed.push({ name: `${b}.attn_q.weight`, shape: [d.heads * d.headDim, d.hidden], file: 0 });
		listed.push({ name: `${b}.attn_k.weight`, shape: [d.kvHeads * d.headDim, d.hidden], file: 0 });
		listed.push({ name: `${b}.attn_v.weight`, shape: [d.kvHeads * d.headDim, d.hidden], file: 0, dtype: 'Q6_K' });
		listed.push({ name: `${b}.attn_output.weight`, shape: [d.hidden, d.heads * d.headDim], file: 0 });
		listed.push({ name: `${b}.ffn_gate.weight`, shape: [d.intermediate, d.hidden], file: 0 });
		listed.push({ name: `${b}.ffn_up.weight`, shape: [d.intermediate, d.hidden], file: 0 });
		listed.push({ name: `${b}.ffn_down.weight`, shape: [d.hidden, d.intermediate], file: 0, dtype: 'Q6_K' });
		listed.push({ name: `${b}.ffn_norm.weight`, shape: [d.hidden], file: 0, dtype: 'F32' });
	}
	listed.push({ name: 'output_norm.weight', shape: [d.hidden], file: 0, dtype: 'F32' });
	if (!opts.tied) listed.push({ name: 'output.weight', shape: [d.vocab, d.hidden], file: 0, dtype: 'Q6_K' });
	return {
		format: 'gguf',
		files: [{ name: 'film-7b.Q4_K_M.gguf', size: null }],
		tensors: layOut(listed, 'Q4_K'),
		config: toyConfig('mistral', d, { declared: 'llama', tieWordEmbeddings: Boolean(opts.tied) }),
		vocab: null,
		tokenizerJson: null
	};
}

/** An MLC q4f16_1 folder: the library's own names and shapes, f16 scales and norms. */
export function toyMlcSource(d: ToyDims = TOY): SourceModel {
	const lib = toyLibrary('mistral', 'q4f16_1', d);
	const listed: Listed[] = lib.params.map((p) => ({
		name: p.name,
		shape: p.shape.map((x) => (typeof x === 'number' ? x : d.vocab)),
		file: 0,
		dtype: p.dtype === 'uint32' ? 'U32' : 'F16'
	}));
	return {
		format: 'mlc',
		files: [{ name: 'params_shard_0.bin', size: null }],
		tensors: layOut(listed, 'F16', 0),
		config: toyConfig('mistral', d),
		vocab: null,
		tokenizerJson: null
	};
}
