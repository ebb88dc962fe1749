// The whole conversion laid out from headers alone: every output tensor with its source parts, the order they are
// written in (docs/convert.md: at the place of their source parts, so each file streams front to back), the shards
// (≈ 32 MB, never mixing two files' sections), totals, and a digest that names exactly this plan.
import type { LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { planShards, type TensorCache, type TensorRecord, type TensorSpec } from '$lib/engines/webllm/synthetic/params';
import { canonicalJson, sha256Hex } from '$lib/store/hash';
import { ConvertError, type SourceDType, type SourceFormat, type SourceModel, type Target } from '../types';
import { CONVERTER_VERSION } from '../version';
import { archDifferences } from './arch';
import { mapTensors, type JobOp, type RowTransform, type TensorJob } from './mapping';

export interface PlannedPart {
	/** The source tensor's name. */
	tensor: string;
	file: number;
	offset: number;
	nbytes: number;
	dtype: SourceDType;
	shape: number[];
	/** Rows it gives the output, and the first of them. */
	rows: number;
	rowOffset: number;
	transform: RowTransform;
}

export interface PlannedOutput extends TensorSpec {
	shard: number;
	byteOffset: number;
}

export interface PlannedTensor {
	name: string;
	op: JobOp;
	rows: number;
	cols: number;
	outputs: PlannedOutput[];
	parts: PlannedPart[];
	/** The source file whose stream completes it: its shards belong to that file's section. */
	section: number;
}

export interface PlannedShard {
	dataPath: string;
	nbytes: number;
	section: number;
	records: TensorRecord[];
}

export interface PlanTotals {
	/** Bytes of the distinct source tensors used (an embedding that also makes lm_head counts once). */
	sourceBytes: number;
	/** Bytes of the source files read end to end (each is hashed as it streams); null while a size is unknown. */
	fileBytes: number | null;
	outputBytes: number;
	sourceTensors: number;
	outputTensors: number;
}

export interface ConversionPlan {
	converterVersion: number;
	target: Target;
	library: { modelType: string; quantization: string };
	format: SourceFormat;
	files: { name: string; size: number | null }[];
	/** In output order. */
	tensors: PlannedTensor[];
	shards: PlannedShard[];
	/** The content of tensor-cache.json / ndarray-cache.json. */
	cache: TensorCache;
	totals: PlanTotals;
	/** SHA-256 of what decides the output bytes (everything above but file sizes and totals): equal digests, equal bytes. */
	digest: string;
}

export interface PlanOptions {
	shardBytes?: number;
}

/** Output order: by the last file a tensor's parts are in, then the smallest offset of its parts there, then library order. */
function orderKey(job: TensorJob): [number, number, number] {
	const last = Math.max(...job.parts.map((p) => p.tensor.file));
	const offset = Math.min(...job.parts.filter((p) => p.tensor.file === last).map((p) => p.tensor.offset));
	return [last, offset, job.libraryIndex];
}

/** The plan without its digest: synchronous and pure. */
export function layoutPlan(source: SourceModel, meta: LibraryMeta, target: Target, opts: PlanOptions = {}): Omit<ConversionPlan, 'digest'> {
	const differences = archDifferences(source.config, meta, target);
	if (differences.length) throw new ConvertError('mismatch', `this source does not fit the model library: ${differences.join('; ')}`);
	const seen = new Set<string>();
	for (const t of source.tensors) {
		if (seen.has(t.name)) throw new ConvertError('format', `the source lists ${t.name} twice`);
		seen.add(t.name);
		if (!(t.file >= 0 && t.file < source.files.length)) throw new ConvertError('format', `${t.name} points at file ${t.file}, which the source does not list`);
	}

	const keyed = mapTensors(source, meta, target).map((job) => ({ job, key: orderKey(job) }));
	keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);

	const shards: PlannedShard[] = [];
	const placed = new Map<string, { shard: number; byteOffset: number }>();
	for (let i = 0; i < keyed.length; ) {
		const section = keyed[i].key[0];
		const specs: TensorSpec[] = [];
		for (; i < keyed.length && keyed[i].key[0] === section; i++) specs.push(...keyed[i].job.outputs);
		for (const s of planShards(specs, opts.shardBytes).records) {
			const index = shards.length;
			for (const r of s.records) placed.set(r.name, { shard: index, byteOffset: r.byteOffset });
			shards.push({ dataPath: `params_shard_${index}.bin`, nbytes: s.nbytes, section, records: s.records });
		}
	}

	const tensors: PlannedTensor[] = keyed.map(({ job, key }) => {
		let rowOffset = 0;
		return {
			name: job.name,
			op: job.op,
			rows: job.rows,
			cols: job.cols,
			section: key[0],
			outputs: job.outputs.map((o) => ({ ...o, ...placed.get(o.name)! })),
			parts: job.parts.map((p) => {
				const t = p.tensor;
				const part = { tensor: t.name, file: t.file, offset: t.offset, nbytes: t.nbytes, dtype: t.dtype, shape: [...t.shape], rows: p.rows, rowOffset, transform: p.transform };
				rowOffset += p.rows;
				return part;
			})
		};
	});

	const used = new Map<string, number>();
	for (const t of tensors) for (const p of t.parts) used.set(p.tensor, p.nbytes);
	const sizes = source.files.map((f) => f.size);
	const allSpecs = tensors.flatMap((t) => t.outputs.map(({ shard: _s, byteOffset: _b, ...spec }) => spec));
	return {
		converterVersion: CONVERTER_VERSION,
		target,
		library: { modelType: meta.modelType, quantization: meta.quantization },
		format: source.format,
		files: source.files.map((f) => ({ name: f.name, size: f.size })),
		tensors,
		shards,
		cache: {
			// planShards' own totals over every tensor (one unbounded shard), so the figures are computed one way only.
			metadata: planShards(allSpecs, Infinity).metadata,
			records: shards.map((s) => ({ dataPath: s.dataPath, format: 'raw-shard', nbytes: s.nbytes, records: s.records }))
		},
		totals: {
			sourceBytes: [...used.values()].reduce((a, b) => a + b, 0),
			fileBytes: sizes.every((s) => s !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null,
			outputBytes: shards.reduce((a, s) => a + s.nbytes, 0),
			sourceTensors: used.size,
			outputTensors: allSpecs.length
		}
	};
}

export async function planConversion(source: SourceModel, meta: LibraryMeta, target: Target, opts: PlanOptions = {}): Promise<ConversionPlan> {
	const plan = layoutPlan(source, meta, target, opts);
	// File sizes may arrive later (a server that sent none yet) without changing a byte of output: not in the digest.
	const { files, totals: _totals, ...decisive } = plan;
	const digest = await sha256Hex(canonicalJson({ ...decisive, files: files.map((f) => f.name) }));
	return { ...plan, digest };
}

/**
 * For each shard, file index → the smallest source offset it reads from that file: what the resume rule
 * (run/checkpoints.ts, `firstNeeded`) takes. A tensor whose parts span two files needs both.
 */
export function shardNeeds(plan: Pick<ConversionPlan, 'shards' | 'tensors'>): Map<number, number>[] {
	const needs = plan.shards.map(() => new Map<number, number>());
	for (const t of plan.tensors)
		for (const o of t.outputs)
			for (const p of t.parts) {
				const m = needs[o.shard];
				m.set(p.file, Math.min(m.get(p.file) ?? Infinity, p.offset));
			}
	return needs;
}
