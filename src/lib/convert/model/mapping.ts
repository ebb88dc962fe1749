// For each parameter the model library lists, the source tensors it is made from, in row order, and how: quantized
// (a q_weight + q_scale pair), cast (norms, biases), or, from an MLC q4f16_1 folder, copied (the 4-bit words) and
// widened (f16 scales and norms to f32). Names, shapes and dtypes come from the library; a source that lacks a
// tensor or has a wrong shape is refused here, from its headers, before any tensor data is read.
import type { LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { resolveParams, type TensorSpec } from '$lib/engines/webllm/synthetic/params';
import { ConvertError, type SourceDType, type SourceModel, type SourceTensor, type Target } from '../types';
import { mlcRecipe, sourceName, type Piece } from './source-names';

export type RowTransform = { kind: 'none' } | { kind: 'rope-unpermute'; heads: number; headDim: number };

export interface SourcePart {
	tensor: SourceTensor;
	/** Rows it gives the output (its first dimension; a 1-D tensor's length). */
	rows: number;
	transform: RowTransform;
}

/** quantize: rows → q_weight + q_scale; cast: to the model dtype; copy: bytes as they are; widen: f16/bf16 → f32. */
export type JobOp = 'quantize' | 'cast' | 'copy' | 'widen';

export interface TensorJob {
	/** The MLC weight: "model.layers.0.self_attn.qkv_proj" for a quantized pair, else the parameter's own name. */
	name: string;
	op: JobOp;
	/** The library parameters it writes, in library order (q_weight then q_scale for quantize). */
	outputs: TensorSpec[];
	/** The source matrix it reads: [N, K] for quantize, [length, 1] for 1-D tensors, the output's shape for copy. */
	rows: number;
	cols: number;
	parts: SourcePart[];
	/** Position of its first output in the library's list. */
	libraryIndex: number;
}

export const QUANTIZABLE_DTYPES: readonly SourceDType[] = ['F32', 'F16', 'BF16', 'Q8_0', 'Q4_0', 'Q4_K', 'Q5_K', 'Q6_K'];

export function modelDtype(target: Target): 'float16' | 'float32' {
	return target === 'q4f16_1' ? 'float16' : 'float32';
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** The library's parameters with its symbolic dimensions (vocab_size) set from the source. */
export function libraryTensors(meta: LibraryMeta, source: SourceModel): TensorSpec[] {
	try {
		return resolveParams(meta, { vocab_size: source.config.vocabSize });
	} catch (e) {
		throw new ConvertError('unsupported', `the model library leaves a dimension open that the source does not set: ${(e as Error).message}`);
	}
}

export function mapTensors(source: SourceModel, meta: LibraryMeta, target: Target): TensorJob[] {
	const specs = libraryTensors(meta, source);
	const byName = new Map(source.tensors.map((t) => [t.name, t]));
	const index = new Map(specs.map((s, i) => [s.name, i]));
	if (source.format === 'mlc') return specs.map((spec, i) => mlcJob(spec, i, byName, target));
	const jobs: TensorJob[] = [];
	const paired = new Set<string>();
	specs.forEach((spec, i) => {
		if (paired.has(spec.name)) return;
		if (spec.name.endsWith('.q_weight')) {
			const base = spec.name.slice(0, -'.q_weight'.length);
			const scale = specs[index.get(`${base}.q_scale`) ?? -1];
			if (!scale) throw new ConvertError('unsupported', `the library lists ${spec.name} without ${base}.q_scale`);
			paired.add(scale.name);
			jobs.push(quantizeJob(base, spec, scale, i, source, byName, target));
		} else if (spec.name.endsWith('.q_scale')) {
			throw new ConvertError('unsupported', `the library lists ${spec.name} without its q_weight`);
		} else {
			jobs.push(castJob(spec, i, source, byName, target));
		}
	});
	return jobs;
}

function recipeOf(base: string, suffix: 'weight' | 'bias', libraryName: string) {
	const recipe = mlcRecipe(base, suffix);
	if (!recipe) throw new ConvertError('unsupported', `the model library needs ${libraryName}, which this converter does not know how to make`);
	return recipe;
}

/** The source tensors behind `pieces`, with the GGUF Q/K row order undone where llama.cpp permuted it. */
function gatherParts(
	mlcName: string,
	pieces: Piece[],
	layer: number,
	suffix: 'weight' | 'bias',
	source: SourceModel,
	byName: Map<string, SourceTensor>
): SourcePart[] {
	const format = source.format as 'safetensors' | 'gguf';
	const cfg = source.config;
	const permuted = format === 'gguf' && cfg.declared === 'llama';
	return pieces.map((piece) => {
		const use = piece === 'lm_head' && cfg.tieWordEmbeddings ? 'embed' : piece;
		const name = sourceName(format, use, layer, suffix);
		const tensor = byName.get(name);
		if (!tensor) {
			const untied = piece === 'lm_head' ? ' (and its config does not tie the output layer to the embedding)' : '';
			throw new ConvertError('missing-tensor', `the source has no ${name}${untied}, which the library's ${mlcName} is made from`);
		}
		if (!QUANTIZABLE_DTYPES.includes(tensor.dtype))
			throw new ConvertError('dtype', `${name} is stored as ${tensor.dtype}, which this converter does not read`);
		const heads = piece === 'q' ? cfg.numHeads : piece === 'k' ? cfg.numKvHeads : 0;
		const transform: RowTransform = permuted && heads > 0 ? { kind: 'rope-unpermute', heads, headDim: cfg.headDim } : { kind: 'none' };
		return { tensor, rows: tensor.shape[0] ?? 0, transform };
	});
}

function describeParts(parts: SourcePart[]): string {
	const names = parts.map((p) => `${p.tensor.name} ${shapeText(p.tensor.shape)}`);
	return names.length === 1 ? names[0] : `${names.join(' + ')}`;
}

function quantizeJob(
	base: string,
	qWeight: TensorSpec,
	qScale: TensorSpec,
	libraryIndex: number,
	source: SourceModel,
	byName: Map<string, SourceTensor>,
	target: Target
): TensorJob {
	const [n, words] = qWeight.shape;
	const k = words * 8;
	if (qWeight.dtype !== 'uint32' || qWeight.shape.length !== 2)
		throw new ConvertError('unsupported', `the library stores ${qWeight.name} as ${qWeight.dtype} ${shapeText(qWeight.shape)}, not as 4-bit words`);
	if (qScale.dtype !== modelDtype(target))
		throw new ConvertError('mismatch', `the library stores ${qScale.name} as ${qScale.dtype}; a ${target} conversion writes ${modelDtype(target)}: pick the ${target} library`);
	if (qScale.shape.length !== 2 || qScale.shape[0] !== n || qScale.shape[1] * 32 !== k)
		throw new ConvertError('unsupported', `${qScale.name} ${shapeText(qScale.shape)} does not go with ${qWeight.name} ${shapeText(qWeight.shape)} in groups of 32`);
	const { pieces, layer } = recipeOf(base, 'weight', qWeight.name);
	const parts = gatherParts(base, pieces, layer, 'weight', source, byName);
	const rows = parts.reduce((a, p) => a + p.rows, 0);
	if (parts.some((p) => p.tensor.shape.length !== 2 || p.tensor.shape[1] !== k) || rows !== n)
		throw new ConvertError('mismatch', `the source's ${describeParts(parts)} make [${rows}, ${parts[0].tensor.shape[1] ?? '?'}]; the library's ${base} is [${n}, ${k}]`);
	return { name: base, op: 'quantize', outputs: [qWeight, qScale], rows: n, cols: k, parts, libraryIndex };
}

function castJob(
	spec: TensorSpec,
	libraryIndex: number,
	source: SourceModel,
	byName: Map<string, SourceTensor>,
	target: Target
): TensorJob {
	const suffix = spec.name.endsWith('.bias') ? 'bias' : spec.name.endsWith('.weight') ? 'weight' : null;
	if (!suffix) throw new ConvertError('unsupported', `the model library needs ${spec.name}, which this converter does not know how to make`);
	if (spec.dtype !== modelDtype(target))
		throw new ConvertError('mismatch', `the library stores ${spec.name} as ${spec.dtype}; a ${target} conversion writes ${modelDtype(target)}: pick the ${target} library`);
	const base = spec.name.slice(0, -(suffix.length + 1));
	const { pieces, layer } = recipeOf(base, suffix, spec.name);
	const parts = gatherParts(spec.name, pieces, layer, suffix, source, byName);
	const length = parts.reduce((a, p) => a + p.rows, 0);
	if (spec.shape.length !== 1 || parts.some((p) => p.tensor.shape.length !== 1) || length !== spec.shape[0])
		throw new ConvertError('mismatch', `the source's ${describeParts(parts)} make [${length}]; the library's ${spec.name} is ${shapeText(spec.shape)}`);
	return { name: spec.name, op: 'cast', outputs: [spec], rows: length, cols: 1, parts, libraryIndex };
}

/** From an MLC folder: the same names; 4-bit words copied, f16 (or bf16) scales and norms widened where f32 is wanted. */
function mlcJob(spec: TensorSpec, libraryIndex: number, byName: Map<string, SourceTensor>, target: Target): TensorJob {
	const tensor = byName.get(spec.name);
	if (!tensor) throw new ConvertError('missing-tensor', `the MLC folder has no ${spec.name}, which the library needs`);
	const same = tensor.shape.length === spec.shape.length && tensor.shape.every((d, i) => d === spec.shape[i]);
	if (!same)
		throw new ConvertError('mismatch', `the MLC folder's ${spec.name} is ${shapeText(tensor.shape)}; the library's is ${shapeText(spec.shape)}`);
	const stored: Partial<Record<SourceDType, string>> = { U32: 'uint32', F16: 'float16', F32: 'float32' };
	let op: JobOp;
	if (stored[tensor.dtype] === spec.dtype) op = 'copy';
	else if ((tensor.dtype === 'F16' || tensor.dtype === 'BF16') && spec.dtype === 'float32') op = 'widen';
	else
		throw new ConvertError(
			'unsupported',
			`the MLC folder stores ${spec.name} as ${tensor.dtype}; the ${target} library wants ${spec.dtype}, which cannot be made without a second rounding`
		);
	const rows = spec.shape[0] ?? 1;
	const cols = spec.shape.slice(1).reduce((a, b) => a * b, 1);
	return { name: spec.name, op, outputs: [spec], rows, cols, parts: [{ tensor, rows, transform: { kind: 'none' } }], libraryIndex };
}
