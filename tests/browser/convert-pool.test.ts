import { afterAll, describe, expect, it } from 'vitest';
import { createQuantizePool } from '$lib/convert/quantize/pool';
import { f32ToF16Bits } from '$lib/convert/quantize/f16';
import { quantizeRows } from '$lib/convert/quantize/q4';
import { ggufRowOfHfRow } from '$lib/convert/model/rope-permutation';
import { ConvertError } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

// The app's own worker entry (src/lib/workers/quantize.worker.ts), started the way the app starts it.
const pool = createQuantizePool(2);
afterAll(() => pool.close());

function values(n: number, seed: number): Float32Array {
	const rng = createRng(seed, 'browser-pool');
	return Float32Array.from({ length: n }, () => rng.normal(0, 0.05));
}

describe('the quantize pool in real workers', () => {
	it('gives the CPU quantizer’s bytes, and moves the source buffer instead of copying it', async () => {
		const v = values(16 * 128, 1);
		const bytes = v.slice().buffer;
		const pending = pool.quantize({ name: 'w', dtype: 'F32', bytes, rows: 16, cols: 128, target: 'q4f32_1' });
		expect(bytes.byteLength).toBe(0); // transferred to the worker
		const out = await pending;
		const want = quantizeRows(v, 16, 128, 'q4f32_1');
		expect([...out.qWeight]).toEqual([...want.qWeight]);
		expect([...out.qScale]).toEqual([...want.qScale]);
		expect(out.stats.sumErrSq).toBeCloseTo(want.stats.sumErrSq, 12);
	});

	it('runs many jobs over both workers, F16 sources and GGUF row order included', async () => {
		const headDim = 16;
		const jobs = [1, 2, 3, 4, 5, 6].map((k) => {
			const rows = 2 * headDim;
			const hf = values(rows * 64, 10 + k);
			const gguf = new Float32Array(hf.length);
			for (let r = 0; r < rows; r++) gguf.set(hf.subarray(r * 64, r * 64 + 64), ggufRowOfHfRow(r, headDim) * 64);
			const f16 = Uint16Array.from(gguf, (x) => f32ToF16Bits(x));
			return { hf, rows, bytes: f16.buffer };
		});
		const outs = await Promise.all(
			jobs.map((j, i) =>
				pool.quantize({ name: `q${i}`, dtype: 'F16', bytes: j.bytes, rows: j.rows, cols: 64, target: 'q4f16_1', transform: { kind: 'rope-unpermute', heads: 2, headDim } })
			)
		);
		// F16 source values are exactly what the q4f16_1 rule rounds w to, so the HF-order f32 values give the same bytes.
		outs.forEach((o, i) => expect([...o.qWeight]).toEqual([...quantizeRows(jobs[i].hf, jobs[i].rows, 64, 'q4f16_1').qWeight]));
	});

	it('brings a refusal back as a ConvertError with its kind', async () => {
		const bad = new Float32Array(64);
		bad[40] = NaN;
		const err = await pool.quantize({ name: 'lm_head.weight', dtype: 'F32', bytes: bad.buffer, rows: 2, cols: 32, target: 'q4f32_1' }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ConvertError);
		expect((err as ConvertError).kind).toBe('format');
		expect((err as Error).message).toMatch(/^lm_head\.weight \[row 1, column 8\] is NaN/);
		const norm = await pool.cast({ name: 'n', dtype: 'F32', bytes: Float32Array.of(1, -2).buffer, rows: 2, target: 'q4f32_1' });
		expect([...new Float32Array(norm.bytes.buffer)]).toEqual([1, -2]);
	});
});
