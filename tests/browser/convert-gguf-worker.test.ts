import { afterAll, describe, expect, it } from 'vitest';
import { decodeRow, rowBytes } from '$lib/convert/formats/gguf-blocks';
import { createQuantizePool } from '$lib/convert/quantize/pool';
import { quantizeRows } from '$lib/convert/quantize/q4';
import type { SourceDType } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

// The app's own quantize worker, started as the app starts it: GGUF block rows reach the quantizer through the
// reader's decodeRow, giving the bytes the main thread gets from decoding and quantizing the same rows.
const pool = createQuantizePool(2);
afterAll(() => pool.close());

/** Random blocks with sane f16 scales (exponent kept small so no value is inf or NaN). */
function blocks(dtype: SourceDType, rows: number, cols: number, seed: number): Uint8Array {
	const rng = createRng(seed, dtype);
	const bytes = Uint8Array.from({ length: rows * rowBytes(dtype, cols) }, () => rng.u32() & 0xff);
	const scales: Record<string, number[]> = { Q8_0: [0], Q4_0: [0], Q4_K: [0, 2], Q5_K: [0, 2], Q6_K: [208] };
	const per = rowBytes(dtype, cols) / (cols / (dtype.endsWith('_K') ? 256 : 32));
	for (let b = 0; b < bytes.length; b += per)
		for (const at of scales[dtype]) {
			bytes[b + at] = rng.u32() & 0xff;
			bytes[b + at + 1] = 0x20 + (rng.u32() & 0x07); // 2^-7 … 2^-6 range halves
		}
	return bytes;
}

describe('GGUF rows in the quantize worker', () => {
	for (const dtype of ['Q8_0', 'Q4_0', 'Q4_K', 'Q5_K', 'Q6_K'] as const) {
		it(`${dtype}: the worker's q4f32_1 bytes equal decodeRow then quantizeRows here`, async () => {
			const rows = 4;
			const cols = 512;
			const src = blocks(dtype, rows, cols, 3);
			const values = new Float32Array(rows * cols);
			const per = rowBytes(dtype, cols);
			for (let r = 0; r < rows; r++) decodeRow(dtype, src.subarray(r * per, (r + 1) * per), values.subarray(r * cols, (r + 1) * cols));
			const want = quantizeRows(values, rows, cols, 'q4f32_1');
			const got = await pool.quantize({ name: `blk.0.${dtype}`, dtype, bytes: src.slice().buffer, rows, cols, target: 'q4f32_1' });
			expect([...got.qWeight]).toEqual([...want.qWeight]);
			expect([...got.qScale]).toEqual([...want.qScale]);
		});
	}
});
