import { describe, expect, it } from 'vitest';
import { createQuantizePool, quantizePoolSize, type WorkerLike } from '$lib/convert/quantize/pool';
import { parseJob, parseReply, type QuantizeJob } from '$lib/convert/quantize/protocol';
import { runJob, type RowDecoder } from '$lib/convert/quantize/run-job';
import { serveQuantizeWorker } from '$lib/convert/quantize/worker-server';
import { castPlain } from '$lib/convert/quantize/cast';
import { quantizeRows } from '$lib/convert/quantize/q4';
import { f16BitsToF32, f32Bits, f32ToF16Bits } from '$lib/convert/quantize/f16';
import { ggufRowOfHfRow } from '$lib/convert/model/rope-permutation';
import { ConvertError } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

function values(n: number, seed = 1): Float32Array {
	const rng = createRng(seed, 'pool');
	return Float32Array.from({ length: n }, () => rng.normal(0, 0.05));
}
function job(over: Partial<QuantizeJob>): QuantizeJob {
	return { id: 1, op: 'quantize', name: 't', dtype: 'F32', bytes: new ArrayBuffer(0), rows: 0, cols: 32, target: 'q4f32_1', transform: { kind: 'none' }, ...over };
}
const bytesOf = (b: ArrayBuffer) => [...new Uint8Array(b)];

describe('runJob', () => {
	it('quantizes F32 and BF16 bytes as the CPU quantizer does', () => {
		const v = values(4 * 64);
		const r = runJob(job({ bytes: v.slice().buffer, rows: 4, cols: 64 }));
		const want = quantizeRows(v, 4, 64, 'q4f32_1');
		expect(r.reply.ok).toBe(true);
		if (!r.reply.ok || r.reply.op !== 'quantize') throw new Error('not quantized');
		expect(bytesOf(r.reply.qWeight)).toEqual([...want.qWeight]);
		expect(bytesOf(r.reply.qScale)).toEqual([...want.qScale]);
		expect(r.transfer).toEqual([r.reply.qWeight, r.reply.qScale]);
		const bf = Uint16Array.from(v, (x) => f32Bits(x) >>> 16);
		const widened = Float32Array.from(bf, (h) => new Float32Array(new Uint32Array([h << 16]).buffer)[0]);
		const rb = runJob(job({ dtype: 'BF16', bytes: bf.buffer, rows: 4, cols: 64, target: 'q4f16_1' }));
		if (!rb.reply.ok || rb.reply.op !== 'quantize') throw new Error('not quantized');
		expect(bytesOf(rb.reply.qWeight)).toEqual([...quantizeRows(widened, 4, 64, 'q4f16_1').qWeight]);
	});

	it('puts GGUF Q/K rows back in Hugging Face order before quantizing', () => {
		const headDim = 8;
		const rows = 3 * headDim;
		const hf = values(rows * 32, 2);
		const gguf = new Float32Array(hf.length);
		for (let r = 0; r < rows; r++) gguf.set(hf.subarray(r * 32, r * 32 + 32), ggufRowOfHfRow(r, headDim) * 32);
		const r = runJob(job({ bytes: gguf.buffer, rows, cols: 32, transform: { kind: 'rope-unpermute', heads: 3, headDim } }));
		if (!r.reply.ok || r.reply.op !== 'quantize') throw new Error('not quantized');
		expect(bytesOf(r.reply.qWeight)).toEqual([...quantizeRows(hf, rows, 32, 'q4f32_1').qWeight]);
	});

	it('decodes block types row by row through the decoder it is given', () => {
		// A stand-in block type in Q8_0's layout (f16 d, 32 int8): x = d · q.
		const decode: RowDecoder = (dtype, bytes, out) => {
			expect(dtype).toBe('Q8_0');
			const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			for (let b = 0; b < out.length / 32; b++) {
				const d = f16BitsToF32(dv.getUint16(b * 34, true));
				for (let i = 0; i < 32; i++) out[b * 32 + i] = d * dv.getInt8(b * 34 + 2 + i);
			}
		};
		const blocks = new Uint8Array(2 * 34);
		const dv = new DataView(blocks.buffer);
		const want = new Float32Array(64);
		for (let b = 0; b < 2; b++) {
			dv.setUint16(b * 34, f32ToF16Bits(0.25 * (b + 1)), true);
			for (let i = 0; i < 32; i++) {
				dv.setInt8(b * 34 + 2 + i, i - 16);
				want[b * 32 + i] = 0.25 * (b + 1) * (i - 16);
			}
		}
		const r = runJob(job({ dtype: 'Q8_0', bytes: blocks.buffer, rows: 2, cols: 32 }), decode);
		if (!r.reply.ok || r.reply.op !== 'quantize') throw new Error('not quantized');
		expect(bytesOf(r.reply.qWeight)).toEqual([...quantizeRows(want, 2, 32, 'q4f32_1').qWeight]);
		const none = runJob(job({ dtype: 'Q8_0', bytes: blocks.buffer, rows: 2, cols: 32, name: 'blk.0.ffn_up.weight' }));
		expect(none.reply).toMatchObject({ ok: false, kind: 'dtype', message: 'blk.0.ffn_up.weight is Q8_0, and this worker was started without a GGUF block decoder' });
	});

	it('casts norms, and answers errors with their kind', () => {
		const norm = Float32Array.of(1, 0.5, 1 + 2 ** -12);
		const r = runJob(job({ op: 'cast', bytes: norm.slice().buffer, rows: 3, cols: 1, target: 'q4f16_1' }));
		if (!r.reply.ok || r.reply.op !== 'cast') throw new Error('not cast');
		expect(bytesOf(r.reply.bytes)).toEqual([...castPlain(norm, 'q4f16_1').bytes]);
		const bad = runJob(job({ bytes: Float32Array.of(...new Array(31).fill(0), NaN).buffer, rows: 1, cols: 32, name: 'model.norm.weight' }));
		expect(bad.reply).toMatchObject({ ok: false, kind: 'format', message: expect.stringMatching(/^model\.norm\.weight \[row 0, column 31\] is NaN/) });
		expect(runJob(job({ bytes: new ArrayBuffer(12), rows: 1, cols: 32 })).reply).toMatchObject({ ok: false, kind: null });
	});
});

describe('the worker protocol', () => {
	it('checks jobs and replies field by field', () => {
		const ok = job({ bytes: new ArrayBuffer(128), rows: 1 });
		expect(parseJob(ok)).toEqual(ok);
		expect(() => parseJob({ ...ok, op: 'shrink' })).toThrow(/unknown job op "shrink"/);
		expect(() => parseJob({ ...ok, dtype: 'Q2_K' })).toThrow(/unknown source dtype "Q2_K"/);
		expect(() => parseJob({ ...ok, rows: -1 })).toThrow(/job rows is not a count/);
		expect(() => parseJob({ ...ok, bytes: new Uint8Array(4) })).toThrow(/job bytes is not an ArrayBuffer/);
		expect(() => parseJob({ ...ok, transform: { kind: 'rope-unpermute', heads: 2 } })).toThrow(/transform\.headDim/);
		expect(parseReply({ id: 3, ok: false, kind: 'dtype', message: 'm' })).toEqual({ id: 3, ok: false, kind: 'dtype', message: 'm' });
		expect(parseReply({ id: 3, ok: false, kind: 'weird', message: 'm' })).toEqual({ id: 3, ok: false, kind: null, message: 'm' });
		expect(() => parseReply({ id: 3, ok: true, op: 'cast', bytes: new ArrayBuffer(1), stats: { count: 1 } })).toThrow(/stats\.sumSq/);
	});
});

/** A worker that runs the real worker loop in this thread, a tick later, as a real one would answer. */
function inThreadWorker(log: string[] = []): WorkerLike {
	const listeners: Record<string, ((ev: { data?: unknown; message?: string }) => void)[]> = { message: [], error: [] };
	let toWorker: ((ev: { data: unknown }) => void) | null = null;
	serveQuantizeWorker({
		addEventListener: (_t, l) => (toWorker = l),
		postMessage: (m) => setTimeout(() => listeners.message.forEach((l) => l({ data: m })), 0)
	});
	return {
		postMessage(m) {
			log.push((m as QuantizeJob).name);
			if ((m as QuantizeJob).name === 'crash') setTimeout(() => listeners.error.forEach((l) => l({ message: 'out of memory' })), 0);
			else setTimeout(() => toWorker!({ data: m }), 0);
		},
		addEventListener: (t, l) => listeners[t].push(l),
		terminate: () => log.push('terminate')
	};
}

describe('the pool', () => {
	it('sizes itself to the cores, leaving one', () => {
		expect([quantizePoolSize(16), quantizePoolSize(1), quantizePoolSize(undefined)]).toEqual([15, 1, 1]);
	});

	it('runs jobs on at most `size` workers and returns each its own result', async () => {
		let spawned = 0;
		const pool = createQuantizePool(2, () => (spawned++, inThreadWorker()));
		const tensors = [1, 2, 3, 4, 5].map((r) => values(r * 32, r));
		const outs = await Promise.all(tensors.map((t, i) => pool.quantize({ name: `t${i}`, dtype: 'F32', bytes: t.slice().buffer, rows: i + 1, cols: 32, target: 'q4f32_1' })));
		outs.forEach((o, i) => expect([...o.qWeight]).toEqual([...quantizeRows(tensors[i], i + 1, 32, 'q4f32_1').qWeight]));
		expect(spawned).toBe(2);
		const cast = await pool.cast({ name: 'n', dtype: 'F32', bytes: Float32Array.of(2, 3).buffer, rows: 2, target: 'q4f16_1' });
		expect([...new Uint16Array(cast.bytes.buffer)]).toEqual([0x4000, 0x4200]);
		pool.close();
	});

	it('turns a worker’s ConvertError back into one, and survives a crashed worker', async () => {
		const log: string[] = [];
		const pool = createQuantizePool(1, () => inThreadWorker(log));
		const err = await pool
			.quantize({ name: 'x', dtype: 'F32', bytes: Float32Array.from({ length: 32 }, () => Infinity).buffer, rows: 1, cols: 32, target: 'q4f32_1' })
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ConvertError);
		expect((err as ConvertError).kind).toBe('format');
		await expect(pool.quantize({ name: 'crash', dtype: 'F32', bytes: new ArrayBuffer(128), rows: 1, cols: 32, target: 'q4f32_1' })).rejects.toThrow(
			'the quantize worker stopped while working on crash: out of memory'
		);
		const ok = await pool.quantize({ name: 'after', dtype: 'F32', bytes: new Float32Array(32).buffer, rows: 1, cols: 32, target: 'q4f32_1' });
		expect([...new Uint32Array(ok.qWeight.buffer)]).toEqual([0x77777777, 0x77777777, 0x77777777, 0x77777777]);
		expect(log).toEqual(['x', 'crash', 'terminate', 'after']);
		pool.close();
	});

	it('rejects queued and later jobs once closed', async () => {
		const pool = createQuantizePool(1, () => inThreadWorker());
		const job = () => pool.quantize({ name: 'q', dtype: 'F32', bytes: new ArrayBuffer(128), rows: 1, cols: 32, target: 'q4f32_1' });
		const first = job();
		const second = job();
		expect(pool.queued).toBe(1);
		pool.close();
		await expect(first).rejects.toThrow(/closed while q was being quantized/);
		await expect(second).rejects.toThrow(/closed before q started/);
		await expect(job()).rejects.toMatchObject({ kind: 'aborted' });
	});
});
