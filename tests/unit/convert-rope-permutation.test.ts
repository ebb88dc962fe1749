import { describe, expect, it } from 'vitest';
import { ggufRowOfHfRow, unpermuteRopeRows } from '$lib/convert/model/rope-permutation';

/**
 * llama.cpp's forward permutation, written from convert_hf_to_gguf.py's LlamaModel.permute:
 *   if n_head_kv is not None and n_head != n_head_kv: n_head = n_head_kv
 *   w.reshape(n_head, 2, rows // n_head // 2, *rest).swapaxes(1, 2).reshape(w.shape)
 * with numpy's row-major reshape and swapaxes spelled out: output element [h, b, a, c] of shape
 * [n_head, half, 2, cols] is input element [h, a, b, c] of shape [n_head, 2, half, cols].
 */
function llamaCppPermute(w: Float32Array, rows: number, cols: number, nHead: number, nHeadKv: number | null): Float32Array {
	const heads = nHeadKv !== null && nHead !== nHeadKv ? nHeadKv : nHead;
	const half = rows / heads / 2;
	const out = new Float32Array(w.length);
	for (let h = 0; h < heads; h++)
		for (let b = 0; b < half; b++)
			for (let a = 0; a < 2; a++)
				for (let c = 0; c < cols; c++) out[((h * half + b) * 2 + a) * cols + c] = w[((h * 2 + a) * half + b) * cols + c];
	return out;
}

function distinct(rows: number, cols: number): Float32Array {
	return Float32Array.from({ length: rows * cols }, (_, i) => i);
}

describe('Q/K row un-permutation for GGUF llama files', () => {
	it('reads HF row r of a head of 8 from the GGUF row that [2, 4] → [4, 2] put it in', () => {
		// HF rows 0..3 are the first half, 4..7 the second; GGUF interleaves them: 0 4 1 5 2 6 3 7.
		expect(Array.from({ length: 8 }, (_, r) => ggufRowOfHfRow(r, 8))).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
		expect(ggufRowOfHfRow(8 + 5, 8)).toBe(8 + 3);
	});

	it('undoes llama.cpp’s permutation of Q (all heads) and of K (KV heads)', () => {
		const cols = 3;
		for (const [nHead, nKv, headDim] of [
			[4, 2, 8],
			[32, 8, 128],
			[14, 2, 64],
			[1, 1, 2]
		]) {
			const q = distinct(nHead * headDim, cols);
			const k = distinct(nKv * headDim, cols);
			const gq = llamaCppPermute(q, nHead * headDim, cols, nHead, nHead);
			const gk = llamaCppPermute(k, nKv * headDim, cols, nHead, nKv);
			expect(gq.some((x, i) => x !== q[i])).toBe(headDim > 2); // it moves rows (a head of 2 has nothing to swap)
			const backQ = new Float32Array(q.length);
			const backK = new Float32Array(k.length);
			unpermuteRopeRows(gq, nHead * headDim, cols, headDim, backQ);
			unpermuteRopeRows(gk, nKv * headDim, cols, headDim, backK);
			expect(backQ).toEqual(q);
			expect(backK).toEqual(k);
		}
	});

	it('works on any run of whole heads, so rows can stream head by head', () => {
		const headDim = 16;
		const heads = 6;
		const cols = 2;
		const w = distinct(heads * headDim, cols);
		const g = llamaCppPermute(w, heads * headDim, cols, heads, null);
		const back = new Float32Array(w.length);
		for (let h = 0; h < heads; h += 2) {
			const part = new Float32Array(2 * headDim * cols);
			unpermuteRopeRows(g.subarray(h * headDim * cols, (h + 2) * headDim * cols), 2 * headDim, cols, headDim, part);
			back.set(part, h * headDim * cols);
		}
		expect(back).toEqual(w);
	});

	it('moves raw row bytes the same way (F16 rows bound for the GPU)', () => {
		const headDim = 4;
		const g = llamaCppPermute(distinct(2 * headDim, 1), 2 * headDim, 1, 2, null);
		const bytes = new Uint8Array(new Uint16Array(Array.from(g)).buffer);
		const out = new Uint8Array(bytes.length);
		unpermuteRopeRows(bytes, 2 * headDim, 2, headDim, out);
		expect([...new Uint16Array(out.buffer)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('refuses rows that are not whole heads, an odd head_dim, and working in place', () => {
		const w = new Float32Array(24);
		expect(() => unpermuteRopeRows(w, 12, 2, 8, new Float32Array(24))).toThrow(/12 rows are not whole heads of 8/);
		expect(() => unpermuteRopeRows(w, 9, 2, 3, new Float32Array(24))).toThrow(/head_dim 3/);
		expect(() => unpermuteRopeRows(w, 8, 3, 8, w)).toThrow(/in place/);
	});
});
