// Half-precision and bfloat16 by bit manipulation: exact, the same on every engine, and the same integer steps the
// WebGPU shader takes (q4-wgsl.ts), so the CPU and the GPU round every value alike. Everything is little-endian.

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Typed arrays use the host's byte order; every format here is little-endian, and so is every browser host. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function requireLittleEndian(): void {
	if (!HOST_IS_LITTLE_ENDIAN) throw new Error('this converter needs a little-endian host (every browser platform is one)');
}

/** The bits of `x` as an f32 (rounded to f32 first). */
export function f32Bits(x: number): number {
	scratchF32[0] = x;
	return scratchU32[0];
}

/** The f32 whose bits these are. */
export function f32FromBits(bits: number): number {
	scratchU32[0] = bits;
	return scratchF32[0];
}

/**
 * f32 bits → f16 bits, to nearest with ties to even. Subnormal halves are produced exactly, anything from 65520 up
 * becomes ±inf (65520 is the tie between 65504 and 65536, and 65504's mantissa is odd), NaN stays NaN (quiet).
 */
export function f32BitsToF16Bits(x: number): number {
	const sign = (x >>> 16) & 0x8000;
	const abs = x & 0x7fffffff;
	if (abs >= 0x7f800000) return abs === 0x7f800000 ? sign | 0x7c00 : sign | 0x7e00 | ((abs >>> 13) & 0x3ff);
	if (abs >= 0x477ff000) return sign | 0x7c00;
	if (abs >= 0x38800000) {
		// Normal half: re-bias the exponent (127 → 15) and round the 13 dropped mantissa bits; a carry out of the
		// mantissa correctly bumps the exponent.
		const m = abs - 0x38000000;
		return sign | ((m + 0x0fff + ((m >>> 13) & 1)) >>> 13);
	}
	if (abs < 0x33000000) return sign; // below 2^-25 (the tie at 2^-25 itself rounds to even, 0, below)
	// Subnormal half: the value in units of 2^-24 is mant × 2^(e − 126).
	const e = abs >>> 23;
	const mant = (abs & 0x7fffff) | 0x800000;
	const shift = 126 - e;
	let q = mant >>> shift;
	const rem = mant & ((1 << shift) - 1);
	const half = 1 << (shift - 1);
	if (rem > half || (rem === half && (q & 1) === 1)) q++;
	return sign | q;
}

export function f32ToF16Bits(x: number): number {
	return f32BitsToF16Bits(f32Bits(x));
}

/** f16 bits → f32 bits (exact: every half is an f32). */
export function f16BitsToF32Bits(h: number): number {
	const sign = (h & 0x8000) << 16;
	const exp = (h >>> 10) & 0x1f;
	const mant = h & 0x3ff;
	if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
	if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
	if (mant === 0) return sign >>> 0;
	// Subnormal half mant × 2^-24: normalise on the leading bit p (0…9), giving 2^(p − 24) × 1.fraction.
	const p = 31 - Math.clz32(mant);
	return (sign | ((p + 103) << 23) | ((mant << (23 - p)) & 0x7fffff)) >>> 0;
}

let table: Float32Array | null = null;
/** All 65,536 halves as f32 (256 KiB), built on first use: decoding is one lookup. */
export function f16Table(): Float32Array {
	if (table) return table;
	const t = new Float32Array(65536);
	const bits = new Uint32Array(t.buffer);
	for (let h = 0; h < 65536; h++) bits[h] = f16BitsToF32Bits(h);
	return (table = t);
}

export function f16BitsToF32(h: number): number {
	return f16Table()[h & 0xffff];
}

/** bfloat16 is the top half of an f32: widening is a shift. */
export function bf16BitsToF32(b: number): number {
	return f32FromBits((b & 0xffff) << 16);
}

/** The f32 value of the half nearest to `x` (ties to even): what a value becomes in a float16 model. */
export function roundToF16(x: number): number {
	return f16Table()[f32ToF16Bits(x)];
}

/**
 * Each value rounded to its nearest half, as f32, into `out` (which may be `src`). In the half's normal range this
 * rounds the f32 mantissa to 10 bits in place (ties to even; a carry bumps the exponent, as it should), several times
 * faster than going through the half's bits; everything else (subnormal halves, overflow, NaN) takes the exact path.
 */
export function roundToF16Into(src: Float32Array, out: Float32Array): void {
	if (out.length < src.length) throw new Error(`roundToF16Into: ${src.length} values into ${out.length}`);
	const t = f16Table();
	const inBits = new Uint32Array(src.buffer, src.byteOffset, src.length);
	const outBits = new Uint32Array(out.buffer, out.byteOffset, src.length);
	for (let i = 0; i < src.length; i++) {
		const b = inBits[i];
		const abs = b & 0x7fffffff;
		if (abs >= 0x38800000 && abs < 0x477ff000) outBits[i] = (b + 0xfff + ((b >>> 13) & 1)) & 0xffffe000;
		else out[i] = t[f32BitsToF16Bits(b)];
	}
}

export type FloatDType = 'F32' | 'F16' | 'BF16';

export function floatBytes(dtype: FloatDType): number {
	return dtype === 'F32' ? 4 : 2;
}

/** Little-endian F32 / F16 / BF16 source bytes → f32 values in `out` (exactly bytes / element size of them). */
export function decodeFloats(dtype: FloatDType, bytes: Uint8Array, out: Float32Array): void {
	requireLittleEndian();
	const size = floatBytes(dtype);
	if (bytes.byteLength !== out.length * size)
		throw new Error(`${dtype}: ${bytes.byteLength} bytes do not hold ${out.length} values of ${size} bytes`);
	const n = out.length;
	if (dtype === 'F32') {
		if (bytes.byteOffset % 4 === 0) out.set(new Float32Array(bytes.buffer, bytes.byteOffset, n));
		else new Uint8Array(out.buffer, out.byteOffset, n * 4).set(bytes);
		return;
	}
	const halves =
		bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Uint16Array(bytes.slice().buffer);
	if (dtype === 'F16') {
		const t = f16Table();
		for (let i = 0; i < n; i++) out[i] = t[halves[i]];
		return;
	}
	const outBits = new Uint32Array(out.buffer, out.byteOffset, n);
	for (let i = 0; i < n; i++) outBits[i] = halves[i] << 16;
}

/** f32 values → f16 bits (ties to even), into `out`. */
export function encodeF16(src: Float32Array, out: Uint16Array): void {
	if (out.length !== src.length) throw new Error(`encodeF16: ${src.length} values into ${out.length} halves`);
	const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
	for (let i = 0; i < src.length; i++) out[i] = f32BitsToF16Bits(bits[i]);
}
