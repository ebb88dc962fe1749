import { describe, expect, it } from 'vitest';
import {
	bf16BitsToF32,
	decodeFloats,
	encodeF16,
	f16BitsToF32,
	f16BitsToF32Bits,
	f32Bits,
	f32BitsToF16Bits,
	f32FromBits,
	f32ToF16Bits,
	roundToF16,
	roundToF16Into
} from '$lib/convert/quantize/f16';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

// The oracle: a half's value from its definition, in f64 arithmetic, independent of the bit tricks under test.
function halfValue(h: number): number {
	const sign = h & 0x8000 ? -1 : 1;
	const e = (h >> 10) & 0x1f;
	const m = h & 0x3ff;
	if (e === 31) return m ? NaN : sign * Infinity;
	return e === 0 ? sign * m * 2 ** -24 : sign * 2 ** (e - 15) * (1 + m / 1024);
}
// Nearest half by search over all finite positive halves (their values rise with their bits), ties to even bits.
const POSITIVE = Array.from({ length: 0x7c00 }, (_, h) => halfValue(h));
function nearestHalf(x: number): number {
	const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
	const a = Math.abs(x);
	if (a >= 65520) return sign | 0x7c00;
	let lo = 0;
	let hi = POSITIVE.length - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (POSITIVE[mid] <= a) lo = mid;
		else hi = mid;
	}
	const dLo = a - POSITIVE[lo];
	const dHi = POSITIVE[hi] - a;
	const pick = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
	return sign | pick;
}

describe('f16 → f32', () => {
	it('widens all 65,536 halves to the value their bits define', () => {
		for (let h = 0; h < 65536; h++) {
			const want = halfValue(h);
			const got = f16BitsToF32(h);
			if (Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
			else if (got !== want || Object.is(got, -0) !== Object.is(want, -0)) expect([h, got]).toEqual([h, want]);
		}
		expect(f16BitsToF32(0x8000)).toBe(-0);
		expect(f16BitsToF32(0x0001)).toBe(2 ** -24);
		expect(f16BitsToF32(0x03ff)).toBe(1023 * 2 ** -24);
		expect(f16BitsToF32(0x7bff)).toBe(65504);
	});

	it('keeps NaN payload bits', () => {
		expect(f16BitsToF32Bits(0x7e01)).toBe(0x7fc02000);
		expect(f16BitsToF32Bits(0xfc01) >>> 0).toBe(0xff802000);
	});
});

describe('f32 → f16 (to nearest, ties to even)', () => {
	it('gives every half back from its own value', () => {
		for (let h = 0; h < 65536; h++) {
			const back = f32BitsToF16Bits(f16BitsToF32Bits(h));
			if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) expect((back & 0x7c00) === 0x7c00 && (back & 0x3ff) !== 0).toBe(true);
			else if (back !== h) expect([h, back]).toEqual([h, h]);
		}
	});

	it('rounds every midpoint between neighbouring halves to the even one, and a hair off it to the nearer', () => {
		for (let h = 0; h < 0x7bff; h++) {
			const mid = (halfValue(h) + halfValue(h + 1)) / 2; // 12 significant bits: exact in f32
			expect(Math.fround(mid)).toBe(mid);
			const even = h % 2 === 0 ? h : h + 1;
			const bits = f32Bits(mid);
			if (f32BitsToF16Bits(bits) !== even) expect([h, f32BitsToF16Bits(bits)]).toEqual([h, even]);
			if (mid > 0 && f32BitsToF16Bits(bits - 1) !== h) expect(['below', h]).toEqual(['below', f32BitsToF16Bits(bits - 1)]);
			if (f32BitsToF16Bits(bits + 1) !== h + 1) expect(['above', h]).toEqual(['above', f32BitsToF16Bits(bits + 1)]);
			if (f32BitsToF16Bits((bits | 0x80000000) >>> 0) !== (even | 0x8000)) expect(['negative', h]).toEqual(['negative', even]);
		}
	});

	it('handles the edges: zeros, subnormals, overflow, infinities and NaN', () => {
		expect(f32ToF16Bits(0)).toBe(0);
		expect(f32ToF16Bits(-0)).toBe(0x8000);
		expect(f32ToF16Bits(2 ** -24)).toBe(0x0001);
		expect(f32ToF16Bits(2 ** -25)).toBe(0); // the tie between 0 and the smallest subnormal: even is 0
		expect(f32BitsToF16Bits(f32Bits(2 ** -25) + 1)).toBe(1);
		expect(f32ToF16Bits(1.5 * 2 ** -24)).toBe(2); // tie between 1 and 2 units: even is 2
		expect(f32ToF16Bits(2.5 * 2 ** -24)).toBe(2);
		expect(f32ToF16Bits(2 ** -30)).toBe(0);
		expect(f32ToF16Bits(f32FromBits(1))).toBe(0); // the smallest f32 subnormal
		expect(f32ToF16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // tie between the last subnormal (odd) and 2^-14
		expect(f32ToF16Bits(65504)).toBe(0x7bff);
		expect(f32ToF16Bits(65519.996)).toBe(0x7bff);
		expect(f32ToF16Bits(65520)).toBe(0x7c00);
		expect(f32ToF16Bits(-65520)).toBe(0xfc00);
		expect(f32ToF16Bits(3.4e38)).toBe(0x7c00);
		expect(f32ToF16Bits(Infinity)).toBe(0x7c00);
		expect(f32ToF16Bits(-Infinity)).toBe(0xfc00);
		const nan = f32ToF16Bits(NaN);
		expect(nan & 0x7c00).toBe(0x7c00);
		expect(nan & 0x3ff).not.toBe(0);
		expect(f32BitsToF16Bits(0x7f800001) & 0x3ff).not.toBe(0); // a NaN whose payload sits below the kept bits
		expect(roundToF16(1 + 2 ** -12)).toBe(1);
		expect(roundToF16(1 + 3 * 2 ** -12)).toBe(1 + 2 ** -10);
	});

	it('agrees with the nearest-half search on random f32 bit patterns', () => {
		const rng = createRng(7, 'f16');
		const wrong: string[] = [];
		for (let i = 0; i < 200_000; i++) {
			const bits = rng.u32();
			const x = f32FromBits(bits);
			if (Number.isNaN(x)) continue;
			const got = f32BitsToF16Bits(bits);
			const want = Number.isFinite(x) ? nearestHalf(x) : (bits & 0x80000000 ? 0x8000 : 0) | 0x7c00;
			if (got !== want) wrong.push(`${bits.toString(16)}: ${got} ≠ ${want}`);
		}
		// And in the range weights live in, where the random bit patterns above rarely land.
		for (let i = 0; i < 100_000; i++) {
			const x = Math.fround(rng.normal(0, 0.02));
			if (f32ToF16Bits(x) !== nearestHalf(x)) wrong.push(`${x}`);
		}
		expect(wrong).toEqual([]);
	});

	it('rounds arrays to halves in place the fast way, exactly as the bit-exact path does', () => {
		const rng = createRng(3, 'round');
		const edges = [0, -0, 2 ** -14, 2 ** -14 - 2 ** -25, 2 ** -24, 65504, 65519.996, 65520, -65520, 1 + 2 ** -11, 1 + 3 * 2 ** -11, NaN, Infinity];
		const src = Float32Array.from({ length: 100_000 }, (_, i) =>
			i < edges.length ? edges[i] : i % 2 ? f32FromBits(rng.u32()) : rng.normal(0, 1) * 2 ** ((i % 40) - 20)
		);
		const out = new Float32Array(src.length);
		roundToF16Into(src, out);
		const wrong: number[] = [];
		for (let i = 0; i < src.length; i++) {
			const want = roundToF16(src[i]);
			if (!Object.is(out[i], want) && !(Number.isNaN(want) && Number.isNaN(out[i]))) wrong.push(i);
		}
		expect(wrong).toEqual([]);
		roundToF16Into(src, src); // in place
		expect([...src.subarray(edges.length)]).toEqual([...out.subarray(edges.length)]);
	});

	it('encodes arrays', () => {
		const out = new Uint16Array(3);
		encodeF16(Float32Array.of(1, -2, 0.5), out);
		expect([...out]).toEqual([0x3c00, 0xc000, 0x3800]);
		expect(() => encodeF16(Float32Array.of(1), new Uint16Array(2))).toThrow(/1 values into 2/);
	});
});

describe('bf16 → f32', () => {
	it('is the top half of an f32', () => {
		expect(bf16BitsToF32(0x3f80)).toBe(1);
		expect(bf16BitsToF32(0xc000)).toBe(-2);
		expect(bf16BitsToF32(0x8000)).toBe(-0);
		expect(bf16BitsToF32(0x7f80)).toBe(Infinity);
		expect(Number.isNaN(bf16BitsToF32(0x7fc0))).toBe(true);
		expect(bf16BitsToF32(0x0001)).toBe(2 ** -133); // an f32 subnormal
		expect(bf16BitsToF32(0x3fc1)).toBe(1.5078125);
	});
});

describe('decodeFloats (little-endian source bytes → f32)', () => {
	const values = [1, -2.5, 2 ** -24, 65504, -0];
	function bytes(width: 2 | 4, write: (dv: DataView, i: number, v: number) => void, pad = 0): Uint8Array {
		const buf = new Uint8Array(pad + values.length * width);
		const dv = new DataView(buf.buffer, pad);
		values.forEach((v, i) => write(dv, i, v));
		return buf.subarray(pad);
	}

	it('reads F32 at aligned and unaligned offsets', () => {
		for (const pad of [0, 1, 3]) {
			const out = new Float32Array(values.length);
			decodeFloats('F32', bytes(4, (dv, i, v) => dv.setFloat32(i * 4, v, true), pad), out);
			expect([...out]).toEqual(values);
		}
	});

	it('reads F16 and BF16 at aligned and unaligned offsets', () => {
		for (const pad of [0, 1]) {
			const f16 = new Float32Array(values.length);
			decodeFloats('F16', bytes(2, (dv, i, v) => dv.setUint16(i * 2, f32ToF16Bits(v), true), pad), f16);
			expect([...f16]).toEqual(values);
			const bf = new Float32Array(values.length);
			decodeFloats('BF16', bytes(2, (dv, i, v) => dv.setUint16(i * 2, f32Bits(v) >>> 16, true), pad), bf);
			expect([...bf]).toEqual([1, -2.5, 2 ** -24, 65280, -0]); // 65504 truncated to bf16's 8 bits of mantissa
		}
	});

	it('refuses a byte count that does not match', () => {
		expect(() => decodeFloats('F16', new Uint8Array(5), new Float32Array(2))).toThrow(/5 bytes do not hold 2 values/);
	});
});
