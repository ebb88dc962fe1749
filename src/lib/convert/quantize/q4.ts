// The CPU quantizer for q4f16_1 / q4f32_1, exactly docs/convert.md's rule: per group of 32 along a row, the scale
// s = f32(max|w| × f32(1/7)) (rounded to f16 for q4f16_1), and q = 7 ± (how many of the thresholds f32((j + ½)·s),
// j = 0…6, |w| reaches). One multiply per threshold and comparisons only, so the WebGPU shader gives the same bytes.
import { ConvertError, type ErrorStats, type Target } from '../types';
import { f16Table, f32BitsToF16Bits, f32Bits, roundToF16Into } from './f16';

export const GROUP_SIZE = 32;
/** Eight 4-bit values to a uint32 word. */
export const PER_WORD = 8;
/** f32(1/7): the one constant the rule multiplies by (its bits, 0x3e124925, are what the shader uses). */
export const INV7 = Math.fround(1 / 7);
/** A group whose max |w| is below 2^-120 is all zero: its scale and thresholds would be near the f32 subnormals. */
export const TINY = 2 ** -120;
const HALVES = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5];
export const F32_MAX = 3.4028234663852886e38;

export function emptyStats(): ErrorStats {
	return { count: 0, sumSq: 0, sumErrSq: 0, maxAbsErr: 0 };
}

/** Adds `b` into `a`. */
export function addStats(a: ErrorStats, b: ErrorStats): ErrorStats {
	a.count += b.count;
	a.sumSq += b.sumSq;
	a.sumErrSq += b.sumErrSq;
	if (b.maxAbsErr > a.maxAbsErr) a.maxAbsErr = b.maxAbsErr;
	return a;
}

/** sqrt(Σ err² / Σ src²): 0 for an exact copy, including an all-zero tensor. */
export function relativeRms(s: ErrorStats): number {
	if (s.sumErrSq === 0) return 0;
	return s.sumSq === 0 ? Infinity : Math.sqrt(s.sumErrSq / s.sumSq);
}

export function scaleBytes(target: Target): number {
	return target === 'q4f16_1' ? 2 : 4;
}

export interface QuantizeOut {
	/** [rows, cols / 8] words. */
	qWeight: Uint32Array;
	/** [rows, cols / 32]: f32 values for q4f32_1, f16 bits for q4f16_1. */
	qScale: Float32Array | Uint16Array;
}

export interface Quantized {
	/** uint32 little-endian, [rows, cols / 8]. */
	qWeight: Uint8Array;
	/** [rows, cols / 32] in the model dtype (f32 or f16), little-endian. */
	qScale: Uint8Array;
	stats: ErrorStats;
}

export function checkQuantShape(rows: number, cols: number, name: string): void {
	if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols <= 0 || cols % GROUP_SIZE !== 0)
		throw new ConvertError('mismatch', `${name}: a [${rows}, ${cols}] weight cannot be quantized in groups of ${GROUP_SIZE} along its rows`);
}

/** Allocates the outputs for `rows` rows: what `quantizeRowsInto` writes. */
export function allocQuantOut(rows: number, cols: number, target: Target): QuantizeOut {
	const groups = (rows * cols) / GROUP_SIZE;
	return {
		qWeight: new Uint32Array((rows * cols) / PER_WORD),
		qScale: target === 'q4f16_1' ? new Uint16Array(groups) : new Float32Array(groups)
	};
}

/** The error for a value the rule cannot take: NaN, ±inf, or (q4f16_1) beyond float16. Shared with the GPU path. */
export function nonFinite(name: string, index: number, cols: number, value: number): ConvertError {
	const where = `${name} [row ${Math.floor(index / cols)}, column ${index % cols}]`;
	if (Number.isFinite(value))
		return new ConvertError('format', `${where} is ${value}, beyond float16's range (±65504): convert to q4f32_1 instead`);
	return new ConvertError('format', `${where} is ${value}: the source weights are damaged (a value that is not a finite number)`);
}

/** Elements per block: the passes below run over one block at a time, which stays in cache (256 KiB of f32). */
const BLOCK = 1 << 16;
let scratchW: Float32Array | null = null;
let scratchS: Float32Array | null = null;

/**
 * Quantizes `rows` rows of `cols` source values (f32) into `out`, adding the error against the source to `stats`.
 * Works block by block in flat passes (max → scales, thresholds → nibbles, error) over reused scratch arrays: no
 * allocation per group, and loops V8 compiles tightly. Throws a ConvertError naming the tensor and the element
 * when a value is NaN, ±inf, or (q4f16_1) beyond float16.
 */
export function quantizeRowsInto(
	src: Float32Array,
	rows: number,
	cols: number,
	target: Target,
	out: QuantizeOut,
	stats: ErrorStats,
	name = 'tensor'
): void {
	checkQuantShape(rows, cols, name);
	const n = rows * cols;
	if (src.length < n) throw new Error(`${name}: ${src.length} values for [${rows}, ${cols}]`);
	if (out.qWeight.length < n / PER_WORD || out.qScale.length < n / GROUP_SIZE) throw new Error(`${name}: output buffers too small`);
	const half = target === 'q4f16_1';
	scratchW ??= new Float32Array(BLOCK);
	scratchS ??= new Float32Array(BLOCK / GROUP_SIZE);
	for (let start = 0; start < n; start += BLOCK) {
		const len = Math.min(BLOCK, n - start);
		const block = src.subarray(start, start + len);
		// 1. w: the value in the model dtype.
		const w = half ? roundBlockToF16(block, scratchW) : block;
		// 2. scales.
		const groups = len / GROUP_SIZE;
		const g0 = start / GROUP_SIZE;
		const bad = scalesPass(w, groups, half, scratchS);
		if (bad >= 0) throw nonFinite(name, start + bad, cols, src[start + bad]);
		if (half) for (let g = 0; g < groups; g++) out.qScale[g0 + g] = f32BitsToF16Bits(f32Bits(scratchS[g]));
		else (out.qScale as Float32Array).set(scratchS.subarray(0, groups), g0);
		// 3. nibbles, 4. error against the source values.
		nibblesPass(w, groups, scratchS, out.qWeight, g0 * 4);
		if (!errorPass(block, scratchS, out.qWeight, g0 * 4, stats)) {
			for (let i = 0; i < len; i++) if (!Number.isFinite(block[i])) throw nonFinite(name, start + i, cols, block[i]);
		}
	}
}

function roundBlockToF16(block: Float32Array, w: Float32Array): Float32Array {
	roundToF16Into(block, w);
	return w;
}

/** Fills `scales` (f32 values, already rounded to f16 when `half`); returns the index of a value that is ±inf (or that
 * f16 overflowed to ±inf), or −1. NaN passes through here and is caught by the error pass. */
function scalesPass(w: Float32Array, groups: number, half: boolean, scales: Float32Array): number {
	const table = f16Table();
	for (let g = 0; g < groups; g++) {
		const b = g * GROUP_SIZE;
		let m = 0;
		for (let i = 0; i < GROUP_SIZE; i++) {
			const a = Math.abs(w[b + i]);
			m = a > m ? a : m;
		}
		if (m > F32_MAX) {
			for (let i = 0; i < GROUP_SIZE; i++) if (Math.abs(w[b + i]) > F32_MAX) return b + i;
		}
		let s = 0;
		if (m >= TINY) {
			s = Math.fround(m * INV7);
			if (half) s = table[f32BitsToF16Bits(f32Bits(s))];
		}
		scales[g] = s;
	}
	return -1;
}

function nibblesPass(w: Float32Array, groups: number, scales: Float32Array, qw: Uint32Array, wordBase: number): void {
	for (let g = 0; g < groups; g++) {
		const s = scales[g];
		const base = wordBase + g * 4;
		if (s === 0) {
			qw[base] = qw[base + 1] = qw[base + 2] = qw[base + 3] = 0x77777777;
			continue;
		}
		const t0 = Math.fround(HALVES[0] * s), t1 = Math.fround(HALVES[1] * s), t2 = Math.fround(HALVES[2] * s);
		const t3 = Math.fround(HALVES[3] * s), t4 = Math.fround(HALVES[4] * s), t5 = Math.fround(HALVES[5] * s);
		const t6 = Math.fround(HALVES[6] * s);
		for (let k = 0; k < 4; k++) {
			const b = (g * 4 + k) * PER_WORD;
			let word = 0;
			for (let r = 0; r < PER_WORD; r++) {
				const x = w[b + r];
				const a = Math.abs(x);
				const c = +(a >= t0) + +(a >= t1) + +(a >= t2) + +(a >= t3) + +(a >= t4) + +(a >= t5) + +(a >= t6);
				word |= (x < 0 ? 7 - c : 7 + c) << (r << 2);
			}
			qw[base + k] = word;
		}
	}
}

/** Adds the block's error to `stats`; false when a source value is NaN or ±inf (the sums stop being finite). */
function errorPass(src: Float32Array, scales: Float32Array, qw: Uint32Array, wordBase: number, stats: ErrorStats): boolean {
	let sumSq = 0;
	let sumErrSq = 0;
	let maxErr = stats.maxAbsErr;
	for (let i = 0; i < src.length; i++) {
		const x = src[i];
		const q = ((qw[wordBase + (i >>> 3)] >>> ((i & 7) << 2)) & 15) - 7;
		const e = x - q * scales[i >>> 5];
		sumSq += x * x;
		sumErrSq += e * e;
		const a = Math.abs(e);
		maxErr = a > maxErr ? a : maxErr;
	}
	if (!Number.isFinite(sumSq) || !Number.isFinite(sumErrSq)) return false;
	stats.count += src.length;
	stats.sumSq += sumSq;
	stats.sumErrSq += sumErrSq;
	stats.maxAbsErr = maxErr;
	return true;
}

/** Quantizes [rows, cols] source values: the q_weight and q_scale bytes, and the error against the source. */
export function quantizeRows(src: Float32Array, rows: number, cols: number, target: Target, name = 'tensor'): Quantized {
	checkQuantShape(rows, cols, name);
	const out = allocQuantOut(rows, cols, target);
	const stats = emptyStats();
	quantizeRowsInto(src, rows, cols, target, out, stats, name);
	return { qWeight: bytesOf(out.qWeight), qScale: bytesOf(out.qScale), stats };
}

export function bytesOf(a: Uint32Array | Float32Array | Uint16Array): Uint8Array {
	return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

