// Messages between the quantize pool and its workers. Both directions are checked when they arrive: a worker never
// trusts a job and the pool never trusts a reply. Byte buffers travel as transferred ArrayBuffers, never copied.
import { ConvertError, type ConvertErrorKind, type ErrorStats, type SourceDType, type Target } from '../types';
import type { RowTransform } from '../model/mapping';
import { isObject } from '$lib/util/guards';

export interface QuantizeJob {
	id: number;
	/** quantize: [rows, cols] → q_weight + q_scale; cast: `rows` values (cols 1) → the model dtype. */
	op: 'quantize' | 'cast';
	/** The source tensor, for messages. */
	name: string;
	/** How `bytes` are stored: F32 / F16 / BF16, or a GGUF block type (whole blocks per row). */
	dtype: SourceDType;
	bytes: ArrayBuffer;
	rows: number;
	cols: number;
	target: Target;
	transform: RowTransform;
}

export type QuantizeReply =
	| { id: number; ok: true; op: 'quantize'; qWeight: ArrayBuffer; qScale: ArrayBuffer; stats: ErrorStats }
	| { id: number; ok: true; op: 'cast'; bytes: ArrayBuffer; stats: ErrorStats }
	| { id: number; ok: false; kind: ConvertErrorKind | null; message: string };

const DTYPES: readonly SourceDType[] = ['F32', 'F16', 'BF16', 'Q8_0', 'Q4_0', 'Q4_K', 'Q5_K', 'Q6_K', 'U32'];
const KINDS: readonly ConvertErrorKind[] = [
	'not-found', 'auth', 'cors', 'network', 'truncated', 'format', 'dtype', 'mismatch', 'missing-tensor', 'checksum', 'quota', 'aborted',
	'device-lost', 'unsupported'
];

type Obj = Record<string, unknown>;
function obj(v: unknown, what: string): Obj {
	if (!isObject(v)) throw new Error(`${what} is not an object`);
	return v as Obj;
}
function count(v: unknown, what: string): number {
	if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error(`${what} is not a count (${JSON.stringify(v)})`);
	return v as number;
}
function buffer(v: unknown, what: string): ArrayBuffer {
	if (!(v instanceof ArrayBuffer)) throw new Error(`${what} is not an ArrayBuffer`);
	return v;
}
function stats(v: unknown): ErrorStats {
	const o = obj(v, 'stats');
	const n = (k: string) => {
		if (typeof o[k] !== 'number' || Number.isNaN(o[k])) throw new Error(`stats.${k} is not a number`);
		return o[k] as number;
	};
	return { count: n('count'), sumSq: n('sumSq'), sumErrSq: n('sumErrSq'), maxAbsErr: n('maxAbsErr') };
}
function transform(v: unknown): RowTransform {
	const o = obj(v, 'transform');
	if (o.kind === 'none') return { kind: 'none' };
	if (o.kind === 'rope-unpermute') return { kind: 'rope-unpermute', heads: count(o.heads, 'transform.heads'), headDim: count(o.headDim, 'transform.headDim') };
	throw new Error(`unknown transform ${JSON.stringify(o.kind)}`);
}

export function parseJob(raw: unknown): QuantizeJob {
	const o = obj(raw, 'quantize job');
	if (o.op !== 'quantize' && o.op !== 'cast') throw new Error(`unknown job op ${JSON.stringify(o.op)}`);
	if (typeof o.name !== 'string') throw new Error('job name is not a string');
	if (!DTYPES.includes(o.dtype as SourceDType)) throw new Error(`unknown source dtype ${JSON.stringify(o.dtype)}`);
	if (o.target !== 'q4f16_1' && o.target !== 'q4f32_1') throw new Error(`unknown target ${JSON.stringify(o.target)}`);
	return {
		id: count(o.id, 'job id'),
		op: o.op,
		name: o.name,
		dtype: o.dtype as SourceDType,
		bytes: buffer(o.bytes, 'job bytes'),
		rows: count(o.rows, 'job rows'),
		cols: count(o.cols, 'job cols'),
		target: o.target,
		transform: transform(o.transform)
	};
}

export function parseReply(raw: unknown): QuantizeReply {
	const o = obj(raw, 'quantize reply');
	const id = count(o.id, 'reply id');
	if (o.ok === false) {
		if (typeof o.message !== 'string') throw new Error('error reply without a message');
		const kind = KINDS.includes(o.kind as ConvertErrorKind) ? (o.kind as ConvertErrorKind) : null;
		return { id, ok: false, kind, message: o.message };
	}
	if (o.ok !== true) throw new Error('reply is neither ok nor an error');
	if (o.op === 'quantize') return { id, ok: true, op: 'quantize', qWeight: buffer(o.qWeight, 'qWeight'), qScale: buffer(o.qScale, 'qScale'), stats: stats(o.stats) };
	if (o.op === 'cast') return { id, ok: true, op: 'cast', bytes: buffer(o.bytes, 'bytes'), stats: stats(o.stats) };
	throw new Error(`reply with unknown op ${JSON.stringify(o.op)}`);
}

/** A failed job as the caller sees it: the worker's ConvertError comes back as one. */
export function replyError(r: { kind: ConvertErrorKind | null; message: string }): Error {
	return r.kind ? new ConvertError(r.kind, r.message) : new Error(r.message);
}
