// Which source tensors make each MLC weight (docs/convert.md's mapping table), by the source's own names:
// Hugging Face safetensors names, or GGUF names. An MLC source keeps MLC's names and needs no table.
import type { SourceFormat } from '../types';

/** The pieces of a decoder layer (and the ends of the model) that MLC weights are built from. */
export type Piece = 'embed' | 'lm_head' | 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down' | 'attn_norm' | 'ffn_norm' | 'final_norm';

const HF: Record<Piece, (layer: number) => string> = {
	embed: () => 'model.embed_tokens',
	lm_head: () => 'lm_head',
	q: (l) => `model.layers.${l}.self_attn.q_proj`,
	k: (l) => `model.layers.${l}.self_attn.k_proj`,
	v: (l) => `model.layers.${l}.self_attn.v_proj`,
	o: (l) => `model.layers.${l}.self_attn.o_proj`,
	gate: (l) => `model.layers.${l}.mlp.gate_proj`,
	up: (l) => `model.layers.${l}.mlp.up_proj`,
	down: (l) => `model.layers.${l}.mlp.down_proj`,
	attn_norm: (l) => `model.layers.${l}.input_layernorm`,
	ffn_norm: (l) => `model.layers.${l}.post_attention_layernorm`,
	final_norm: () => 'model.norm'
};

const GGUF: Record<Piece, (layer: number) => string> = {
	embed: () => 'token_embd',
	lm_head: () => 'output',
	q: (l) => `blk.${l}.attn_q`,
	k: (l) => `blk.${l}.attn_k`,
	v: (l) => `blk.${l}.attn_v`,
	o: (l) => `blk.${l}.attn_output`,
	gate: (l) => `blk.${l}.ffn_gate`,
	up: (l) => `blk.${l}.ffn_up`,
	down: (l) => `blk.${l}.ffn_down`,
	attn_norm: (l) => `blk.${l}.attn_norm`,
	ffn_norm: (l) => `blk.${l}.ffn_norm`,
	final_norm: () => 'output_norm'
};

export function sourceName(format: Exclude<SourceFormat, 'mlc'>, piece: Piece, layer: number, suffix: 'weight' | 'bias'): string {
	return `${(format === 'gguf' ? GGUF : HF)[piece](layer)}.${suffix}`;
}

/** What an MLC weight name is made of: its pieces in row order, and whether it is a weight or a bias. */
export interface MlcRecipe {
	pieces: Piece[];
	layer: number;
	suffix: 'weight' | 'bias';
}

const LAYER = /^model\.layers\.(\d+)\.(.+)$/;
const LAYER_RECIPES: Record<string, Piece[]> = {
	'self_attn.qkv_proj': ['q', 'k', 'v'],
	'self_attn.c_attn': ['q', 'k', 'v'],
	'self_attn.o_proj': ['o'],
	'mlp.gate_up_proj': ['gate', 'up'],
	'mlp.down_proj': ['down'],
	input_layernorm: ['attn_norm'],
	post_attention_layernorm: ['ffn_norm']
};

/**
 * `base` is an MLC weight without its storage suffix: "model.layers.3.self_attn.qkv_proj" for a quantized pair,
 * "model.layers.3.input_layernorm" with suffix "weight" for a norm. null when the converter does not know it.
 */
export function mlcRecipe(base: string, suffix: 'weight' | 'bias'): MlcRecipe | null {
	if (base === 'model.embed_tokens') return { pieces: ['embed'], layer: -1, suffix };
	if (base === 'lm_head') return { pieces: ['lm_head'], layer: -1, suffix };
	if (base === 'model.norm') return { pieces: ['final_norm'], layer: -1, suffix };
	const m = LAYER.exec(base);
	const pieces = m && LAYER_RECIPES[m[2]];
	return pieces ? { pieces, layer: Number(m[1]), suffix } : null;
}
