// A Hugging Face checkpoint (config.json + tensor list) shaped exactly for a compiled MLC model library, so that the
// converter's output for it must load in that library. The shape comes from the library's own parameter list; the
// constants a library bakes in without listing them (rope_theta, rms_norm_eps) from the table below.
import type { LibraryMeta } from '../../src/lib/engines/webllm/synthetic/index';

export interface HfShape {
	family: 'mistral' | 'qwen2';
	hidden: number;
	intermediate: number;
	layers: number;
	heads: number;
	kvHeads: number;
	headDim: number;
	vocab: number;
	tied: boolean;
	/** Qwen2 has biases on q/k/v. */
	qkvBias: boolean;
	ropeTheta: number;
	rmsNormEps: number;
}

/** The values the project's libraries were compiled with (Mistral-7B-Instruct-v0.3; Qwen2-0.5B-Instruct). */
export const BAKED: Record<HfShape['family'], { ropeTheta: number; rmsNormEps: number }> = {
	mistral: { ropeTheta: 1e6, rmsNormEps: 1e-5 },
	qwen2: { ropeTheta: 1e6, rmsNormEps: 1e-6 }
};

function param(meta: LibraryMeta, suffix: string) {
	const p = meta.params.find((x) => x.name.endsWith(suffix));
	if (!p) throw new Error(`the library lists no parameter ending in ${suffix}`);
	return p;
}

/** The HF shape a library expects; `vocab` fills a symbolic vocabulary (the Mistral libraries leave it open). */
export function shapeForLibrary(meta: LibraryMeta, vocab?: number): HfShape {
	if (meta.modelType !== 'mistral' && meta.modelType !== 'qwen2') throw new Error(`no HF mapping for model_type ${meta.modelType}`);
	const kv = meta.kvCache;
	if (!kv) throw new Error('the library lists no kv_cache geometry');
	const hidden = param(meta, 'model.norm.weight').shape[0];
	const gateUp = param(meta, 'layers.0.mlp.gate_up_proj.q_weight').shape[0];
	const embedRows = param(meta, 'embed_tokens.q_weight').shape[0];
	const v = typeof embedRows === 'number' ? embedRows : vocab;
	if (typeof hidden !== 'number' || typeof gateUp !== 'number') throw new Error('the library leaves hidden or intermediate size symbolic');
	if (!v) throw new Error('the library leaves the vocabulary open: give its size');
	return {
		family: meta.modelType,
		hidden,
		intermediate: gateUp / 2,
		layers: kv.numHiddenLayers,
		heads: kv.numAttentionHeads,
		kvHeads: kv.numKeyValueHeads,
		headDim: kv.headDim,
		vocab: v,
		tied: !meta.params.some((p) => p.name.startsWith('lm_head.')),
		qkvBias: meta.params.some((p) => /self_attn\.(c_attn|qkv_proj)\.bias$/.test(p.name)),
		...BAKED[meta.modelType]
	};
}

export interface HfTensor {
	name: string;
	shape: number[];
	role: 'linear' | 'norm' | 'bias';
}

/** Every tensor of the checkpoint in PyTorch module order (the order save_pretrained shards them in). */
export function hfTensors(s: HfShape): HfTensor[] {
	const out: HfTensor[] = [{ name: 'model.embed_tokens.weight', shape: [s.vocab, s.hidden], role: 'linear' }];
	const q = s.heads * s.headDim;
	const kv = s.kvHeads * s.headDim;
	for (let i = 0; i < s.layers; i++) {
		const p = `model.layers.${i}.`;
		out.push({ name: `${p}self_attn.q_proj.weight`, shape: [q, s.hidden], role: 'linear' });
		if (s.qkvBias) out.push({ name: `${p}self_attn.q_proj.bias`, shape: [q], role: 'bias' });
		out.push({ name: `${p}self_attn.k_proj.weight`, shape: [kv, s.hidden], role: 'linear' });
		if (s.qkvBias) out.push({ name: `${p}self_attn.k_proj.bias`, shape: [kv], role: 'bias' });
		out.push({ name: `${p}self_attn.v_proj.weight`, shape: [kv, s.hidden], role: 'linear' });
		if (s.qkvBias) out.push({ name: `${p}self_attn.v_proj.bias`, shape: [kv], role: 'bias' });
		out.push({ name: `${p}self_attn.o_proj.weight`, shape: [s.hidden, q], role: 'linear' });
		out.push({ name: `${p}mlp.gate_proj.weight`, shape: [s.intermediate, s.hidden], role: 'linear' });
		out.push({ name: `${p}mlp.up_proj.weight`, shape: [s.intermediate, s.hidden], role: 'linear' });
		out.push({ name: `${p}mlp.down_proj.weight`, shape: [s.hidden, s.intermediate], role: 'linear' });
		out.push({ name: `${p}input_layernorm.weight`, shape: [s.hidden], role: 'norm' });
		out.push({ name: `${p}post_attention_layernorm.weight`, shape: [s.hidden], role: 'norm' });
	}
	out.push({ name: 'model.norm.weight', shape: [s.hidden], role: 'norm' });
	if (!s.tied) out.push({ name: 'lm_head.weight', shape: [s.vocab, s.hidden], role: 'linear' });
	return out;
}

export function hfConfig(s: HfShape, torchDtype: string): Record<string, unknown> {
	const common = {
		hidden_size: s.hidden,
		intermediate_size: s.intermediate,
		num_hidden_layers: s.layers,
		num_attention_heads: s.heads,
		num_key_value_heads: s.kvHeads,
		head_dim: s.headDim,
		vocab_size: s.vocab,
		rope_theta: s.ropeTheta,
		rms_norm_eps: s.rmsNormEps,
		max_position_embeddings: 32768,
		tie_word_embeddings: s.tied,
		hidden_act: 'silu',
		torch_dtype: torchDtype
	};
	return s.family === 'qwen2'
		? { architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', use_sliding_window: false, sliding_window: null, ...common }
		: { architectures: ['MistralForCausalLM'], model_type: 'mistral', sliding_window: null, bos_token_id: 1, eos_token_id: 2, ...common };
}
