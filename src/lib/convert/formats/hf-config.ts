// A Hugging Face `config.json` → ArchConfig, checked. Mistral and Llama share one mapping; Qwen2 has its own.
import type { ArchConfig } from '../types';
import { checks, parseJson } from './checks';

export const HF_ARCHITECTURES: Readonly<Record<string, ArchConfig['family']>> = {
	MistralForCausalLM: 'mistral',
	LlamaForCausalLM: 'mistral',
	Qwen2ForCausalLM: 'qwen2'
};

export function hfConfigToArch(text: string, file = 'config.json'): ArchConfig {
	const c = checks(file);
	const o = c.object(parseJson(text, file), 'config');
	const archs = o.architectures;
	if (!Array.isArray(archs) || archs.length === 0) c.fail('architectures is missing: is this a model config?');
	const declared = (archs as unknown[]).find((a): a is string => typeof a === 'string' && a in HF_ARCHITECTURES);
	if (!declared)
		c.fail(`architecture ${(archs as unknown[]).join(', ')} is not supported; the converter reads ${Object.keys(HF_ARCHITECTURES).join(', ')}`, 'unsupported');
	const d = declared as string;
	const hiddenSize = c.int(o.hidden_size, 'hidden_size', 1);
	const numHeads = c.int(o.num_attention_heads, 'num_attention_heads', 1);
	const numKvHeads = o.num_key_value_heads == null ? numHeads : c.int(o.num_key_value_heads, 'num_key_value_heads', 1);
	if (numHeads % numKvHeads !== 0) c.fail(`num_attention_heads ${numHeads} is not a multiple of num_key_value_heads ${numKvHeads}`);
	if (o.head_dim == null && hiddenSize % numHeads !== 0) c.fail(`hidden_size ${hiddenSize} is not a multiple of num_attention_heads ${numHeads}`);
	const optional = (v: unknown, what: string) => (v == null ? null : c.number(v, what));
	// Qwen2 configs carry a sliding_window value even when use_sliding_window is false: then there is none.
	const window = o.use_sliding_window === false ? null : o.sliding_window == null ? null : c.int(o.sliding_window, 'sliding_window');
	// transformers ≥ 5 writes RoPE settings as rope_parameters {rope_theta, rope_type}; older configs, rope_theta and
	// rope_scaling at the top level. The libraries compute plain RoPE: any scaling is refused.
	const rope = o.rope_parameters == null ? null : c.object(o.rope_parameters, 'rope_parameters');
	const scaling = o.rope_scaling == null ? rope : c.object(o.rope_scaling, 'rope_scaling');
	const ropeType = scaling?.rope_type ?? scaling?.type;
	if (ropeType != null && ropeType !== 'default')
		c.fail(`it scales RoPE (${JSON.stringify(ropeType)}), which the model library does not: only plain RoPE converts`);
	return {
		family: HF_ARCHITECTURES[d],
		declared: d,
		hiddenSize,
		intermediateSize: c.int(o.intermediate_size, 'intermediate_size', 1),
		numLayers: c.int(o.num_hidden_layers, 'num_hidden_layers', 1),
		numHeads,
		numKvHeads,
		headDim: o.head_dim == null ? hiddenSize / numHeads : c.int(o.head_dim, 'head_dim', 1),
		vocabSize: c.int(o.vocab_size, 'vocab_size', 1),
		ropeTheta: o.rope_theta != null ? optional(o.rope_theta, 'rope_theta') : optional(rope?.rope_theta, 'rope_parameters.rope_theta'),
		rmsNormEps: optional(o.rms_norm_eps, 'rms_norm_eps'),
		maxPositionEmbeddings: o.max_position_embeddings == null ? null : c.int(o.max_position_embeddings, 'max_position_embeddings', 1),
		slidingWindow: window,
		tieWordEmbeddings: o.tie_word_embeddings == null ? false : c.bool(o.tie_word_embeddings, 'tie_word_embeddings')
	};
}
