// A GGUF file's hyper-parameters and vocabulary, from its `general.architecture` and `<arch>.*` keys, in the same
// ArchConfig a Hugging Face config.json gives.
import { ConvertError, type ArchConfig } from '../types';
import type { GgufHeader, GgufValue } from './gguf';

/** GGUF architectures the converter maps, and the family each belongs to. Mistral GGUFs say "llama". */
export const GGUF_ARCHITECTURES: Readonly<Record<string, ArchConfig['family']>> = { llama: 'mistral', qwen2: 'qwen2' };

export function ggufArchConfig(h: GgufHeader, file: string): ArchConfig {
	const fail = (message: string, kind: 'format' | 'unsupported' = 'format'): never => {
		throw new ConvertError(kind, `${file}: ${message}`, file);
	};
	const arch = h.metadata.get('general.architecture');
	if (typeof arch !== 'string') fail('general.architecture is missing: is this a model GGUF?');
	const family = GGUF_ARCHITECTURES[arch as string];
	if (!family)
		fail(`architecture "${arch}" is not supported; the converter reads ${Object.keys(GGUF_ARCHITECTURES).map((a) => `"${a}"`).join(' and ')} GGUF files`, 'unsupported');
	const key = (k: string) => `${arch}.${k}`;
	const int = (k: string, fallback?: number): number => {
		const v = h.metadata.get(key(k));
		if (v === undefined && fallback !== undefined) return fallback;
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(`${key(k)} must be a positive integer (got ${show(v)})`);
		return v;
	};
	const num = (k: string): number | null => {
		const v = h.metadata.get(key(k));
		if (v === undefined) return null;
		if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${key(k)} must be a number (got ${show(v)})`);
		return v;
	};
	const hiddenSize = int('embedding_length');
	const numHeads = int('attention.head_count');
	const numKvHeads = int('attention.head_count_kv', numHeads);
	if (hiddenSize % numHeads !== 0 && h.metadata.get(key('attention.key_length')) === undefined)
		fail(`embedding_length ${hiddenSize} is not a multiple of head_count ${numHeads}`);
	const embed = h.tensors.find((t) => t.name === 'token_embd.weight');
	const tokens = ggufVocab(h, file);
	const window = num('attention.sliding_window');
	return {
		family,
		declared: arch as string,
		hiddenSize,
		intermediateSize: int('feed_forward_length'),
		numLayers: int('block_count'),
		numHeads,
		numKvHeads,
		headDim: int('attention.key_length', hiddenSize / numHeads),
		vocabSize: embed?.shape[0] ?? (h.metadata.has(key('vocab_size')) ? int('vocab_size') : tokens?.length) ?? fail('no token_embd.weight, vocab_size or token list: the vocabulary size is unknown'),
		ropeTheta: num('rope.freq_base'),
		rmsNormEps: num('attention.layer_norm_rms_epsilon'),
		maxPositionEmbeddings: num('context_length'),
		slidingWindow: window,
		// llama.cpp writes no `output.weight` when the head shares the embedding.
		tieWordEmbeddings: !h.tensors.some((t) => t.name === 'output.weight')
	};
}

/** `tokenizer.ggml.tokens`: the piece strings by id, or null when the file has none. */
export function ggufVocab(h: GgufHeader, file: string): string[] | null {
	const tokens = h.metadata.get('tokenizer.ggml.tokens');
	if (tokens === undefined) return null;
	if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string'))
		throw new ConvertError('format', `${file}: tokenizer.ggml.tokens must be a list of strings`, file);
	return tokens as string[];
}

function show(v: GgufValue | undefined): string {
	return v === undefined ? 'missing' : typeof v === 'bigint' ? String(v) : JSON.stringify(v).slice(0, 60);
}
