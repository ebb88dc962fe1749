// Where a row group of a source tensor becomes MLC bytes: the WebGPU quantizer where there is a device, a pool of
// CPU workers otherwise, or the same code inline (Node, tests). Every backend gives the same bytes (the rule in
// docs/convert.md is exact on all of them); only the speed and the last bits of the error sums differ. A device lost
// mid-conversion moves the rest of the work to the CPU.
import type { RowTransform } from '../model/mapping';
import type { JobOp } from '../model/mapping';
import { runJob, type RowDecoder } from '../quantize/run-job';
import { castPlain } from '../quantize/cast';
import { decodeFloats, type FloatDType } from '../quantize/f16';
import type { GpuQuantizer } from '../quantize/gpu';
import type { QuantizePool } from '../quantize/pool';
import { ConvertError, type ErrorStats, type SourceDType, type Target } from '../types';

export interface QuantRequest {
	op: JobOp;
	/** The source tensor, for messages. */
	name: string;
	dtype: SourceDType;
	/** The rows' source bytes; the backend may take (detach) the buffer. */
	bytes: Uint8Array;
	rows: number;
	cols: number;
	target: Target;
	transform: RowTransform;
}

export interface QuantResult {
	/** One buffer per output tensor of the job (q_weight then q_scale for quantize), for these rows. */
	outputs: Uint8Array[];
	/** Error against the source values; null for a byte copy. */
	stats: ErrorStats | null;
}

export interface QuantBackend {
	readonly label: string;
	run(req: QuantRequest): Promise<QuantResult>;
	close(): void;
}

const FLOATS: readonly SourceDType[] = ['F32', 'F16', 'BF16'];

/** Copy and widen never round: they are the same everywhere and need no worker. */
function copyOrWiden(req: QuantRequest): QuantResult {
	if (req.op === 'copy') return { outputs: [req.bytes], stats: null };
	if (!FLOATS.includes(req.dtype)) throw new ConvertError('dtype', `${req.name}: ${req.dtype} cannot be widened`);
	const values = new Float32Array(req.rows * req.cols);
	decodeFloats(req.dtype as FloatDType, req.bytes, values);
	const c = castPlain(values, 'q4f32_1', req.name);
	return { outputs: [c.bytes], stats: c.stats };
}

/** This thread, synchronously: the CLI, tests, and a worker with nowhere else to go. */
export function inlineBackend(decodeBlockRow: RowDecoder | null): QuantBackend {
	return {
		label: 'this thread',
		async run(req) {
			if (req.op === 'copy' || req.op === 'widen') return copyOrWiden(req);
			const bytes = req.bytes.byteOffset === 0 && req.bytes.byteLength === req.bytes.buffer.byteLength ? req.bytes.buffer : req.bytes.slice().buffer;
			const { reply } = runJob({ id: 0, op: req.op, name: req.name, dtype: req.dtype, bytes: bytes as ArrayBuffer, rows: req.rows, cols: req.cols, target: req.target, transform: req.transform }, decodeBlockRow);
			if (!reply.ok) throw new ConvertError(reply.kind ?? 'format', reply.message);
			return reply.op === 'quantize'
				? { outputs: [new Uint8Array(reply.qWeight), new Uint8Array(reply.qScale)], stats: reply.stats }
				: { outputs: [new Uint8Array(reply.bytes)], stats: reply.stats };
		},
		close() {}
	};
}

function own(bytes: Uint8Array): ArrayBuffer {
	return (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

/** A pool of CPU workers (the browser without WebGPU, and GGUF block types everywhere). */
export function poolBackend(pool: QuantizePool): QuantBackend {
	return {
		label: `${pool.size} CPU worker${pool.size === 1 ? '' : 's'}`,
		async run(req) {
			if (req.op === 'copy' || req.op === 'widen') return copyOrWiden(req);
			const job = { name: req.name, dtype: req.dtype, bytes: own(req.bytes), rows: req.rows, target: req.target, transform: req.transform };
			if (req.op === 'cast') {
				const c = await pool.cast(job);
				return { outputs: [c.bytes], stats: c.stats };
			}
			const q = await pool.quantize({ ...job, cols: req.cols });
			return { outputs: [q.qWeight, q.qScale], stats: q.stats };
		},
		close: () => pool.close()
	};
}

/**
 * WebGPU for the float weights it can take as they are (F32 / F16 / BF16, rows in order); everything else, and
 * everything after a lost device, goes to `fallback`.
 */
export function gpuBackend(gpu: GpuQuantizer, fallback: QuantBackend): QuantBackend {
	let lost: string | null = null;
	return {
		get label() {
			return lost ? `${fallback.label} (the GPU was lost: ${lost})` : `WebGPU, ${fallback.label} for the rest`;
		},
		async run(req) {
			if (lost || req.op !== 'quantize' || !FLOATS.includes(req.dtype) || req.transform.kind !== 'none') return fallback.run(req);
			try {
				const q = await gpu.quantize({ dtype: req.dtype as FloatDType, bytes: req.bytes }, req.rows, req.cols, req.target, req.name);
				return { outputs: [q.qWeight, q.qScale], stats: q.stats };
			} catch (e) {
				if (!(e instanceof ConvertError && e.kind === 'device-lost')) throw e;
				lost = e.message;
				return fallback.run(req);
			}
		},
		close() {
			gpu.destroy();
			fallback.close();
		}
	};
}
