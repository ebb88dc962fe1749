// IEEE half (f16) and bfloat16 to f32, bit-exact: both widen without rounding, so the result is the same bits in
// every engine, NaN payloads included (they are built from bits, never from arithmetic).

let f16Bits: Uint32Array | null = null;

/** f32 bit patterns of all 65,536 f16 values, built once per thread (256 KB). */
export function f16ToF32BitsTable(): Uint32Array {
	if (f16Bits) return f16Bits;
	const t = new Uint32Array(65536);
	const f = new Float32Array(t.buffer);
	for (let h = 0; h < 65536; h++) {
		const sign = (h & 0x8000) << 16;
		const exp = (h >> 10) & 0x1f;
		const mant = h & 0x3ff;
		if (exp === 0x1f) t[h] = sign | 0x7f800000 | (mant << 13);
		else if (exp !== 0) t[h] = sign | ((exp - 15 + 127) << 23) | (mant << 13);
		else f[h] = (sign ? -mant : mant) * 2 ** -24; // subnormal (or ±0): exact in f32
	}
	t[0x8000] = 0x80000000; // −0: `-0 * 2^-24` is −0 already, set by bits to say so
	f16Bits = t;
	return t;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

export function f16ToF32(bits: number): number {
	scratchBits[0] = f16ToF32BitsTable()[bits & 0xffff];
	return scratch[0];
}

export function bf16ToF32(bits: number): number {
	scratchBits[0] = (bits & 0xffff) << 16;
	return scratch[0];
}
