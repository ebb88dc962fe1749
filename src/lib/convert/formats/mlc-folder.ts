// An MLC weight folder as a source: `mlc-chat-config.json` gives the hyper-parameters, `tensor-cache.json` (or
// the older `ndarray-cache.json`) the tensors: its records are the tensors, its shards the files. This is how
// web-llm's prebuilt q4f16_1 Mistral-7B-Instruct-v0.2 is widened to q4f32_1 without touching a 4-bit word.
import type { ArchConfig, SourceDType, SourceFile, SourceTensor } from '../types';
import { checks, parseJson } from './checks';

export const MLC_MODEL_TYPES: Readonly<Record<string, ArchConfig['family']>> = { mistral: 'mistral', llama: 'mistral', qwen2: 'qwen2' };

/** Quantizations whose packing the converter knows (4-bit words, group 32, one scale per group). */
export const MLC_QUANTIZATIONS = ['q4f16_1', 'q4f32_1'] as const;

export interface MlcChatConfig {
	config: ArchConfig;
	quantization: string;
}

export function parseMlcChatConfig(text: string, file = 'mlc-chat-config.json'): MlcChatConfig {
	const c = checks(file);
	const o = c.object(parseJson(text, file), 'the chat config');
	const modelType = c.string(o.model_type, 'model_type');
	const family = MLC_MODEL_TYPES[modelType];
	if (!family) c.fail(`model_type "${modelType}" is not supported; the converter reads ${Object.keys(MLC_MODEL_TYPES).join(', ')}`, 'unsupported');
	const quantization = c.string(o.quantization, 'quantization');
	if (!(MLC_QUANTIZATIONS as readonly string[]).includes(quantization))
		c.fail(`quantization "${quantization}" is not read; the converter reads ${MLC_QUANTIZATIONS.join(' and ')} folders`, 'unsupported');
	const m = c.object(o.model_config, 'model_config');
	const hiddenSize = c.int(m.hidden_size, 'model_config.hidden_size', 1);
	const numHeads = c.int(m.num_attention_heads, 'model_config.num_attention_heads', 1);
	const opt = (v: unknown, what: string) => (v == null ? null : c.number(v, what));
	const ctx = m.context_window_size ?? o.context_window_size;
	const window = o.sliding_window_size ?? m.sliding_window_size;
	return {
		quantization,
		config: {
			family: family as ArchConfig['family'],
			declared: modelType,
			hiddenSize,
			intermediateSize: c.int(m.intermediate_size, 'model_config.intermediate_size', 1),
			numLayers: c.int(m.num_hidden_layers, 'model_config.num_hidden_layers', 1),
			numHeads,
			numKvHeads: m.num_key_value_heads == null ? numHeads : c.int(m.num_key_value_heads, 'model_config.num_key_value_heads', 1),
			headDim: m.head_dim == null ? hiddenSize / numHeads : c.int(m.head_dim, 'model_config.head_dim', 1),
			vocabSize: c.int(m.vocab_size ?? o.vocab_size, 'model_config.vocab_size', 1),
			// MLC's Mistral and Llama configs call the RoPE base position_embedding_base; Qwen2's keeps rope_theta.
			ropeTheta: opt(m.position_embedding_base ?? m.rope_theta, 'model_config.position_embedding_base'),
			rmsNormEps: opt(m.rms_norm_eps, 'model_config.rms_norm_eps'),
			maxPositionEmbeddings: ctx == null || ctx === -1 ? null : c.int(ctx, 'context_window_size', 1),
			slidingWindow: window == null ? null : c.int(window, 'sliding_window_size', -1),
			tieWordEmbeddings: m.tie_word_embeddings == null ? false : c.bool(m.tie_word_embeddings, 'model_config.tie_word_embeddings')
		}
	};
}

const DTYPES: Readonly<Record<string, { dtype: SourceDType; bytes: number }>> = {
	uint32: { dtype: 'U32', bytes: 4 },
	float16: { dtype: 'F16', bytes: 2 },
	float32: { dtype: 'F32', bytes: 4 }
};

export interface MlcTensorCache {
	files: SourceFile[];
	tensors: SourceTensor[];
}

export function parseMlcTensorCache(text: string, file = 'tensor-cache.json'): MlcTensorCache {
	const c = checks(file);
	const root = c.object(parseJson(text, file), 'the tensor cache');
	if (!Array.isArray(root.records) || root.records.length === 0) c.fail('records must be a non-empty list of shards');
	const files: SourceFile[] = [];
	const tensors: SourceTensor[] = [];
	const names = new Set<string>();
	(root.records as unknown[]).forEach((raw, index) => {
		const shard = c.object(raw, `records[${index}]`);
		const dataPath = c.string(shard.dataPath, `records[${index}].dataPath`);
		if (!/^[^/\\][^\\]*$/.test(dataPath) || dataPath.split('/').includes('..')) c.fail(`records[${index}] names an unsafe path ${JSON.stringify(dataPath)}`);
		const size = c.int(shard.nbytes, `${dataPath} nbytes`);
		if (!Array.isArray(shard.records)) c.fail(`${dataPath}: records must be a list of tensors`);
		const inShard: SourceTensor[] = [];
		(shard.records as unknown[]).forEach((r, j) => {
			const t = c.object(r, `${dataPath} records[${j}]`);
			const name = c.string(t.name, `${dataPath} records[${j}].name`);
			if (names.has(name)) c.fail(`tensor "${name}" appears twice`);
			names.add(name);
			const dt = c.string(t.dtype, `tensor "${name}" dtype`);
			const format = t.format ?? 'raw';
			// "f32-to-bf16": a float32 tensor stored as bf16 and widened on load.
			const known = format === 'f32-to-bf16' && dt === 'float32' ? { dtype: 'BF16' as const, bytes: 2 } : format === 'raw' ? DTYPES[dt] : undefined;
			if (!known) c.fail(`tensor "${name}" is ${dt} (${String(format)}); the converter reads uint32, float16 and float32 raw records`, 'dtype');
			if (!Array.isArray(t.shape)) c.fail(`tensor "${name}" shape must be a list of dimensions`);
			const shape = (t.shape as unknown[]).map((d, k) => c.int(d, `tensor "${name}" shape[${k}]`));
			const nbytes = c.int(t.nbytes, `tensor "${name}" nbytes`);
			const want = shape.reduce((a, b) => a * b, 1) * known!.bytes;
			if (nbytes !== want) c.fail(`tensor "${name}" has nbytes ${nbytes} but ${dt} [${shape.join(', ')}] needs ${want}`);
			const offset = c.int(t.byteOffset, `tensor "${name}" byteOffset`);
			if (offset + nbytes > size) c.fail(`tensor "${name}" ends at byte ${offset + nbytes} of ${dataPath}, which has ${size}`);
			inShard.push({ name, dtype: known!.dtype, shape, file: index, offset, nbytes });
		});
		const sorted = [...inShard].sort((a, b) => a.offset - b.offset);
		for (let k = 1; k < sorted.length; k++)
			if (sorted[k].offset < sorted[k - 1].offset + sorted[k - 1].nbytes) c.fail(`tensors "${sorted[k - 1].name}" and "${sorted[k].name}" overlap in ${dataPath}`);
		files.push({ name: dataPath, size, expectedSha256: null });
		tensors.push(...inShard);
	});
	return { files, tensors };
}
