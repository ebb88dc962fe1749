// Rows of ggml block types to f32, exactly as ggml's reference dequantize_row_* functions compute them, so that a
// GGUF source gives the same floats in the app's worker, in the CLI and in llama.cpp.
// Why the floats cannot differ anywhere: every product here is exact in f32. An f16 scale has 11 significant bits,
// the sub-block scales 6 (K-quants) or 8 bits (Q6_K), the quants at most 6, so d·scale·q needs at most 24 bits.
// The one rounding is the K-quants' final f32(d1·q − m1), a single IEEE subtraction. Operation order and fused
// multiply-adds therefore change nothing. JS computes each step in f64 and the store into the Float32Array rounds
// once, which equals the f32 result (f64 holds more than twice f32's precision). Math.fround marks where ggml keeps
// an f32 intermediate.
import type { SourceDType } from '../types';
import { decodeFloats, f16Table } from '../quantize/f16';

const fr = Math.fround;

/** Elements per block and bytes per block. */
export const BLOCK: Readonly<Record<SourceDType, { n: number; bytes: number }>> = {
	F32: { n: 1, bytes: 4 },
	F16: { n: 1, bytes: 2 },
	BF16: { n: 1, bytes: 2 },
	U32: { n: 1, bytes: 4 },
	Q8_0: { n: 32, bytes: 34 }, // f16 d, int8 q[32]
	Q4_0: { n: 32, bytes: 18 }, // f16 d, u8 qs[16]
	Q4_K: { n: 256, bytes: 144 }, // f16 d, f16 dmin, u8 scales[12], u8 qs[128]
	Q5_K: { n: 256, bytes: 176 }, // f16 d, f16 dmin, u8 scales[12], u8 qh[32], u8 qs[128]
	Q6_K: { n: 256, bytes: 210 } // u8 ql[128], u8 qh[64], int8 scales[16], f16 d
};

/** Bytes of one row of `cols` elements; cols must fill whole blocks. */
export function rowBytes(dtype: SourceDType, cols: number): number {
	const b = BLOCK[dtype];
	if (!b) throw new Error(`unknown dtype ${dtype}`);
	if (cols % b.n !== 0) throw new Error(`a ${dtype} row holds whole blocks of ${b.n}; ${cols} columns do not`);
	return (cols / b.n) * b.bytes;
}

/** Decodes one row: `src` is exactly rowBytes(dtype, out.length) bytes. */
export function decodeRow(dtype: SourceDType, src: Uint8Array, out: Float32Array): void {
	const need = rowBytes(dtype, out.length);
	if (src.length !== need) throw new Error(`${dtype} row of ${out.length}: ${src.length} bytes given, ${need} needed`);
	switch (dtype) {
		case 'F32':
		case 'F16':
		case 'BF16':
			// Widening is exact: the bits of each value, one table lookup or shift (quantize/f16.ts).
			return decodeFloats(dtype, src, out);
		case 'Q8_0':
			return forBlocks(src, 34, out, 32, q8_0);
		case 'Q4_0':
			return forBlocks(src, 18, out, 32, q4_0);
		case 'Q4_K':
			return forBlocks(src, 144, out, 256, q4_K);
		case 'Q5_K':
			return forBlocks(src, 176, out, 256, q5_K);
		case 'Q6_K':
			return forBlocks(src, 210, out, 256, q6_K);
		case 'U32':
			throw new Error('U32 tensors are packed words, not values: they are copied, never decoded');
	}
}

/** Decodes the block at byte o into out[y…]; `half` is the f16 → f32 table. */
type BlockFn = (s: Uint8Array, o: number, out: Float32Array, y: number, half: Float32Array) => void;

function forBlocks(src: Uint8Array, bytes: number, out: Float32Array, n: number, fn: BlockFn): void {
	const t = f16Table();
	for (let b = 0, o = 0; b < out.length; b += n, o += bytes) fn(src, o, out, b, t);
}

/** The little-endian f16 at byte o, as f32. */
const f16 = (s: Uint8Array, o: number, t: Float32Array): number => t[s[o] | (s[o + 1] << 8)];

const i8 = (v: number) => (v << 24) >> 24;

/** x = q · d */
const q8_0: BlockFn = (s, o, out, y, t) => {
	const d = f16(s, o, t);
	for (let j = 0; j < 32; j++) out[y + j] = i8(s[o + 2 + j]) * d;
};

/** x = (q − 8) · d; low nibbles are elements 0…15, high nibbles 16…31. */
const q4_0: BlockFn = (s, o, out, y, t) => {
	const d = f16(s, o, t);
	for (let j = 0; j < 16; j++) {
		const q = s[o + 2 + j];
		out[y + j] = ((q & 15) - 8) * d;
		out[y + j + 16] = ((q >> 4) - 8) * d;
	}
};

/**
 * The 6-bit scale and min of sub-block j (0…7) from the 12 packed bytes at p: sub-blocks 0…3 sit in the low 6 bits
 * of bytes j and j + 4; sub-blocks 4…7 take their low 4 bits from byte j + 4 (scale low, min high nibble) and their
 * top 2 bits from the top bits of bytes j − 4 (scale) and j (min).
 */
function scaleMin(s: Uint8Array, p: number, j: number, out: Int32Array): void {
	if (j < 4) {
		out[0] = s[p + j] & 63;
		out[1] = s[p + j + 4] & 63;
	} else {
		out[0] = (s[p + j + 4] & 15) | ((s[p + j - 4] >> 6) << 4);
		out[1] = (s[p + j + 4] >> 4) | ((s[p + j] >> 6) << 4);
	}
}

const SM = new Int32Array(2);

/**
 * Q4_K and Q5_K: per 64 elements, two sub-blocks of 32 with (scale, min) pairs. d1 = f32(d · scale),
 * m1 = f32(dmin · min), x = f32(f32(d1 · q) − m1). Q5_K's fifth bit comes from qh: bit 2c of qh[l] for element l of
 * chunk c's first sub-block, bit 2c + 1 for its second.
 */
function kQuant(s: Uint8Array, o: number, out: Float32Array, y: number, t: Float32Array, qh: number, qs: number): void {
	const d = f16(s, o, t);
	const dmin = f16(s, o + 2, t);
	for (let c = 0; c < 4; c++) {
		scaleMin(s, o + 4, 2 * c, SM);
		const d1 = fr(d * SM[0]);
		const m1 = fr(dmin * SM[1]);
		scaleMin(s, o + 4, 2 * c + 1, SM);
		const d2 = fr(d * SM[0]);
		const m2 = fr(dmin * SM[1]);
		const base = y + 64 * c;
		for (let l = 0; l < 32; l++) {
			const q = s[qs + 32 * c + l];
			const hi = qh < 0 ? 0 : s[qh + l] >> (2 * c);
			out[base + l] = fr(d1 * ((q & 15) + ((hi & 1) << 4))) - m1;
			out[base + 32 + l] = fr(d2 * ((q >> 4) + ((hi & 2) << 3))) - m2;
		}
	}
}

const q4_K: BlockFn = (s, o, out, y, t) => kQuant(s, o, out, y, t, -1, o + 16);
const q5_K: BlockFn = (s, o, out, y, t) => kQuant(s, o, out, y, t, o + 16, o + 48);

/**
 * Q6_K: two halves of 128 elements; in half n, element l + 32k (k = 0…3) takes 4 low bits from ql (byte l or
 * l + 32, low or high nibble) and 2 high bits from qh[l] bits 2k…2k + 1, minus 32. Scale index (l / 16) + 2k of the
 * half's 8 int8 scales. x = f32(f32(d · scale) · q).
 */
const q6_K: BlockFn = (s, o, out, y, t) => {
	const d = f16(s, o + 208, t);
	for (let n = 0; n < 2; n++) {
		const ql = o + 64 * n;
		const qh = o + 128 + 32 * n;
		const sc = o + 192 + 8 * n;
		const base = y + 128 * n;
		for (let l = 0; l < 32; l++) {
			const is = l >> 4;
			const h = s[qh + l];
			const lo = s[ql + l];
			const lo2 = s[ql + l + 32];
			out[base + l] = fr(d * i8(s[sc + is])) * (((lo & 15) | ((h & 3) << 4)) - 32);
			out[base + l + 32] = fr(d * i8(s[sc + is + 2])) * (((lo2 & 15) | (((h >> 2) & 3) << 4)) - 32);
			out[base + l + 64] = fr(d * i8(s[sc + is + 4])) * (((lo >> 4) | (((h >> 4) & 3) << 4)) - 32);
			out[base + l + 96] = fr(d * i8(s[sc + is + 6])) * (((lo2 >> 4) | (((h >> 6) & 3) << 4)) - 32);
		}
	}
};
