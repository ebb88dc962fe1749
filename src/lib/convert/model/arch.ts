// Does a source fit a model library? The library describes its KV cache and lists every parameter's shape; some
// constants it compiles in without listing them (RoPE base, RMSNorm epsilon), so those come from a small table per
// library model type. Each difference is a sentence for the user, so the app can refuse before any download.
import type { LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import type { ArchConfig, Target } from '../types';

export interface LibraryConstants {
	/** The mapping family whose sources fit this library. */
	family: ArchConfig['family'];
	ropeTheta: number;
	rmsNormEps: number;
}

/** What the prebuilt libraries bake in: the Mistral-7B-Instruct-v0.3 builds, and the Qwen2-0.5B-Instruct build. */
export const LIBRARY_CONSTANTS: Readonly<Record<string, LibraryConstants>> = {
	mistral: { family: 'mistral', ropeTheta: 1e6, rmsNormEps: 1e-5 },
	qwen2: { family: 'qwen2', ropeTheta: 1e6, rmsNormEps: 1e-6 }
};

const int = (n: number) => n.toLocaleString('en-US');
const num = (n: number) => (n !== 0 && Math.abs(n) < 1e-3 ? n.toExponential() : n.toLocaleString('en-US'));
/** Config files state these as decimal text, GGUF as f32: equal within f32's precision counts as equal. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/** The library's hidden size, intermediate size and (when it fixes it) vocabulary, read off its parameter shapes. */
export function libraryShapes(meta: LibraryMeta): { hidden: number | null; intermediate: number | null; vocab: number | null; hasLmHead: boolean } {
	const find = (re: RegExp) => meta.params.find((p) => re.test(p.name));
	const norm = find(/^model\.norm\.weight$/);
	const embed = find(/^model\.embed_tokens\.q_weight$/);
	const gateUp = find(/^model\.layers\.0\.mlp\.gate_up_proj\.q_weight$/);
	const numeric = (d: unknown) => (typeof d === 'number' ? d : null);
	const hidden = numeric(norm?.shape[0]) ?? (numeric(embed?.shape[1]) !== null ? (embed!.shape[1] as number) * 8 : null);
	const gateRows = numeric(gateUp?.shape[0]);
	return {
		hidden,
		intermediate: gateRows === null ? null : gateRows / 2,
		vocab: numeric(embed?.shape[0]),
		hasLmHead: meta.params.some((p) => p.name.startsWith('lm_head.'))
	};
}

/** Every way the source differs from what the library was built for; empty when it fits. */
export function archDifferences(config: ArchConfig, meta: LibraryMeta, target: Target): string[] {
	const out: string[] = [];
	if (meta.quantization !== target) out.push(`the library is built for ${meta.quantization}, but this conversion makes ${target}`);
	const constants = LIBRARY_CONSTANTS[meta.modelType];
	if (!constants) {
		out.push(`this converter does not know what a "${meta.modelType}" library compiles in (RoPE base, norm epsilon), so it cannot check a source against it`);
	} else if (constants.family !== config.family) {
		out.push(`the source is a ${config.family} model (${config.declared}), the library a ${meta.modelType} one`);
	}

	const kv = meta.kvCache;
	if (!kv) out.push('the library does not describe its KV cache, so its layer and head counts cannot be checked');
	else {
		if (config.numLayers !== kv.numHiddenLayers) out.push(`the source has ${int(config.numLayers)} layers, the library ${int(kv.numHiddenLayers)}`);
		if (config.numHeads !== kv.numAttentionHeads)
			out.push(`the source has ${int(config.numHeads)} attention heads, the library ${int(kv.numAttentionHeads)}`);
		if (config.numKvHeads !== kv.numKeyValueHeads)
			out.push(`the source has ${int(config.numKvHeads)} key-value heads, the library ${int(kv.numKeyValueHeads)}`);
		if (config.headDim !== kv.headDim) out.push(`the source's head_dim is ${int(config.headDim)}, the library's ${int(kv.headDim)}`);
	}

	const shapes = libraryShapes(meta);
	if (shapes.hidden !== null && config.hiddenSize !== shapes.hidden)
		out.push(`the source's hidden size is ${int(config.hiddenSize)}, the library's ${int(shapes.hidden)}`);
	if (shapes.intermediate !== null && config.intermediateSize !== shapes.intermediate)
		out.push(`the source's feed-forward (intermediate) size is ${int(config.intermediateSize)}, the library's ${int(shapes.intermediate)}`);
	if (shapes.vocab !== null && config.vocabSize !== shapes.vocab)
		out.push(`the source has a vocabulary of ${int(config.vocabSize)} tokens, the library ${int(shapes.vocab)}`);

	if (constants) {
		if (config.ropeTheta === null) out.push(`the source does not state its RoPE base (rope_theta); the library is built for ${num(constants.ropeTheta)}`);
		else if (!close(config.ropeTheta, constants.ropeTheta))
			out.push(`the source's RoPE base (rope_theta) is ${num(config.ropeTheta)}, the library's ${num(constants.ropeTheta)}`);
		if (config.rmsNormEps === null) out.push(`the source does not state its rms_norm_eps; the library is built for ${num(constants.rmsNormEps)}`);
		else if (!close(config.rmsNormEps, constants.rmsNormEps))
			out.push(`the source's rms_norm_eps is ${num(config.rmsNormEps)}, the library's ${num(constants.rmsNormEps)}`);
	}

	const window = config.slidingWindow;
	if (window !== null && window > 0 && (config.maxPositionEmbeddings === null || window < config.maxPositionEmbeddings)) {
		const reach = config.maxPositionEmbeddings === null ? '' : `, shorter than its ${int(config.maxPositionEmbeddings)} positions`;
		out.push(`the source attends through a sliding window of ${int(window)} tokens${reach}; the library attends to the whole context`);
	}
	if (meta.slidingWindowSize > 0)
		out.push(`the library is built with a sliding window of ${int(meta.slidingWindowSize)} tokens; the evaluator needs one that attends to the whole context`);

	if (!config.tieWordEmbeddings && !shapes.hasLmHead)
		out.push('the source has its own output layer (lm_head), but the library reuses the embedding in its place');
	return out;
}
