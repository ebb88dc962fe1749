// llama.cpp's converter reorders the rows of Q and K for its RoPE kernel: each head's rows, viewed as [2, headDim/2]
// (the Hugging Face "rotate half" layout), are transposed to [headDim/2, 2] (interleaved pairs). MLC expects the
// Hugging Face order, so rows read from a GGUF file with general.architecture = llama are put back before quantizing.
// Only whole heads can be put back: every function here takes rows that start on a head boundary.

/** The row of a permuted (GGUF) Q or K weight that holds row `r` of the Hugging Face weight. */
export function ggufRowOfHfRow(r: number, headDim: number): number {
	const half = headDim / 2;
	const head = Math.floor(r / headDim);
	const i = r - head * headDim;
	const a = Math.floor(i / half); // which half of the head ([2, half] view)
	const b = i - a * half;
	return head * headDim + b * 2 + a; // [half, 2] view
}

export function checkHeadRows(rows: number, headDim: number, what: string): void {
	if (!Number.isInteger(headDim) || headDim <= 0 || headDim % 2 !== 0)
		throw new Error(`${what}: head_dim ${headDim} cannot be un-permuted (it must be even)`);
	if (rows % headDim !== 0) throw new Error(`${what}: ${rows} rows are not whole heads of ${headDim}`);
}

type Rows = Float32Array | Uint16Array | Uint8Array;

/**
 * Rows of a GGUF Q or K weight (whole heads, `cols` elements each) → the same rows in Hugging Face order, into `out`.
 * Any element array: f32 values, or raw bytes with `cols` = bytes per row (F16 rows can go to the GPU as they are).
 */
export function unpermuteRopeRows<T extends Rows>(src: T, rows: number, cols: number, headDim: number, out: T): void {
	checkHeadRows(rows, headDim, 'unpermuteRopeRows');
	if (src.length < rows * cols || out.length < rows * cols) throw new Error(`unpermuteRopeRows: buffers too small for [${rows}, ${cols}]`);
	if (src === out) throw new Error('unpermuteRopeRows: cannot work in place');
	for (let r = 0; r < rows; r++) {
		const from = ggufRowOfHfRow(r, headDim) * cols;
		(out as Float32Array).set((src as Float32Array).subarray(from, from + cols), r * cols);
	}
}
