// One quantize job, start to finish, with no worker API in sight (so Node runs it directly and tests call it):
// source bytes → f32 (F32 / F16 / BF16 here; GGUF block types through the reader's row decoder) → the GGUF Q/K rows
// put back in Hugging Face order where the plan says so → quantized or cast. Returns the reply and what to transfer.
import { ConvertError, type SourceDType } from '../types';
import { checkHeadRows, unpermuteRopeRows } from '../model/rope-permutation';
import { decodeFloats, type FloatDType } from './f16';
import { castPlain } from './cast';
import { quantizeRows } from './q4';
import type { QuantizeJob, QuantizeReply } from './protocol';

/** Decodes one row of a GGUF block type into `out` (formats/gguf-blocks.ts's decodeRow has this shape). */
export type RowDecoder = (dtype: SourceDType, bytes: Uint8Array, out: Float32Array) => void;

const FLOATS: readonly SourceDType[] = ['F32', 'F16', 'BF16'];

export function decodeSource(job: QuantizeJob, decodeBlockRow: RowDecoder | null): Float32Array {
	const n = job.rows * job.cols;
	const out = new Float32Array(n);
	const bytes = new Uint8Array(job.bytes);
	if (FLOATS.includes(job.dtype)) {
		decodeFloats(job.dtype as FloatDType, bytes, out);
		return out;
	}
	if (job.dtype === 'U32') throw new ConvertError('dtype', `${job.name}: 4-bit words are copied, not quantized again`);
	if (!decodeBlockRow) throw new ConvertError('dtype', `${job.name} is ${job.dtype}, and this worker was started without a GGUF block decoder`);
	if (job.rows === 0) return out;
	if (bytes.byteLength % job.rows !== 0) throw new ConvertError('format', `${job.name}: ${bytes.byteLength} bytes of ${job.dtype} do not split into ${job.rows} rows`);
	const rowBytes = bytes.byteLength / job.rows;
	for (let r = 0; r < job.rows; r++) decodeBlockRow(job.dtype, bytes.subarray(r * rowBytes, (r + 1) * rowBytes), out.subarray(r * job.cols, (r + 1) * job.cols));
	return out;
}

function reorder(job: QuantizeJob, values: Float32Array): Float32Array {
	if (job.transform.kind === 'none') return values;
	const { headDim } = job.transform;
	checkHeadRows(job.rows, headDim, job.name);
	const out = new Float32Array(values.length);
	unpermuteRopeRows(values, job.rows, job.cols, headDim, out);
	return out;
}

export function runJob(job: QuantizeJob, decodeBlockRow: RowDecoder | null = null): { reply: QuantizeReply; transfer: ArrayBuffer[] } {
	try {
		const values = reorder(job, decodeSource(job, decodeBlockRow));
		if (job.op === 'quantize') {
			const q = quantizeRows(values, job.rows, job.cols, job.target, job.name);
			const qWeight = q.qWeight.buffer as ArrayBuffer;
			const qScale = q.qScale.buffer as ArrayBuffer;
			return { reply: { id: job.id, ok: true, op: 'quantize', qWeight, qScale, stats: q.stats }, transfer: [qWeight, qScale] };
		}
		const c = castPlain(values, job.target, job.name);
		const bytes = c.bytes.buffer as ArrayBuffer;
		return { reply: { id: job.id, ok: true, op: 'cast', bytes, stats: c.stats }, transfer: [bytes] };
	} catch (e) {
		const kind = e instanceof ConvertError ? e.kind : null;
		return { reply: { id: job.id, ok: false, kind, message: e instanceof Error ? e.message : String(e) }, transfer: [] };
	}
}
