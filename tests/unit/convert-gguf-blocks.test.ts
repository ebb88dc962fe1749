import { describe, expect, it } from 'vitest';
import { decodeRow, rowBytes } from '$lib/convert/formats/gguf-blocks';
import { bf16BitsToF32 as bf16ToF32, f16BitsToF32 as f16ToF32 } from '$lib/convert/quantize/f16';
import { f16Bits } from '../helpers/convert/safetensors';

// Blocks are built element by element from ggml's layout (where each element's bits live), the opposite direction
// of the decoder's loops, so a wrong index in either shows up.
const fr = Math.fround;

function putF16(b: Uint8Array, at: number, bits: number): void {
	b[at] = bits & 0xff;
	b[at + 1] = bits >> 8;
}

/** The 12 bytes holding eight 6-bit (scale, min) pairs of a Q4_K / Q5_K super-block. */
function packScales(sc: number[], m: number[]): Uint8Array {
	const p = new Uint8Array(12);
	for (let j = 0; j < 8; j++) {
		if (j < 4) {
			p[j] |= sc[j];
			p[j + 4] |= m[j];
		} else {
			p[j + 4] = (sc[j] & 15) | ((m[j] & 15) << 4);
			p[j - 4] |= (sc[j] >> 4) << 6;
			p[j] |= (m[j] >> 4) << 6;
		}
	}
	return p;
}

/** A Q4_K (bits 4) or Q5_K (bits 5) super-block of the given quants 0…15 / 0…31. */
function kBlock(bits: 4 | 5, dBits: number, dminBits: number, sc: number[], m: number[], q: number[]): Uint8Array {
	const b = new Uint8Array(bits === 4 ? 144 : 176);
	putF16(b, 0, dBits);
	putF16(b, 2, dminBits);
	b.set(packScales(sc, m), 4);
	const qs = bits === 4 ? 16 : 48;
	for (let e = 0; e < 256; e++) {
		const c = e >> 6;
		const second = (e >> 5) & 1;
		const l = e & 31;
		b[qs + 32 * c + l] |= (q[e] & 15) << (4 * second);
		if (bits === 5) b[16 + l] |= (q[e] >> 4) << (2 * c + second);
	}
	return b;
}

/** A Q6_K super-block of quants 0…63 (stored, i.e. value + 32) and 16 int8 scales. */
function q6Block(dBits: number, scales: number[], q: number[]): Uint8Array {
	const b = new Uint8Array(210);
	for (let e = 0; e < 256; e++) {
		const n = e >> 7;
		const k = (e >> 5) & 3;
		const l = e & 31;
		const at = 64 * n + l + (k & 1 ? 32 : 0);
		b[at] |= (q[e] & 15) << (k & 2 ? 4 : 0);
		b[128 + 32 * n + l] |= (q[e] >> 4) << (2 * k);
	}
	scales.forEach((s, i) => (b[192 + i] = s & 0xff));
	putF16(b, 208, dBits);
	return b;
}

const decode = (dtype: Parameters<typeof decodeRow>[0], bytes: Uint8Array, n: number) => {
	const out = new Float32Array(n);
	decodeRow(dtype, bytes, out);
	return out;
};

describe('GGUF blocks', () => {
	it('rowBytes: whole blocks only', () => {
		expect([rowBytes('F32', 3), rowBytes('F16', 3), rowBytes('BF16', 3)]).toEqual([12, 6, 6]);
		expect([rowBytes('Q8_0', 64), rowBytes('Q4_0', 64), rowBytes('Q4_K', 512), rowBytes('Q5_K', 256), rowBytes('Q6_K', 4096)]).toEqual([
			68, 36, 288, 176, 3360
		]);
		expect(() => rowBytes('Q4_K', 128)).toThrow(/whole blocks of 256/);
		expect(() => decode('Q8_0', new Uint8Array(33), 32)).toThrow(/33 bytes given, 34 needed/);
	});

	it('F32, F16 and BF16 widen bit for bit, subnormals, −0 and infinities included', () => {
		const f32 = new Float32Array([1.5, -0, 3.4e38, 1e-45]);
		expect(decode('F32', new Uint8Array(f32.buffer), 4)).toEqual(f32);
		const halves = [0x3c00, 0xc000, 0x0001, 0x03ff, 0x7bff, 0x7c00, 0xfc00, 0x8000, 0x3555];
		const bytes = new Uint8Array(new Uint16Array(halves).buffer);
		const out = decode('F16', bytes, halves.length);
		expect(Array.from(out)).toEqual([1, -2, 2 ** -24, 1023 * 2 ** -24, 65504, Infinity, -Infinity, -0, fr(0x155 / 1024 + 1) / 4]);
		expect(Object.is(out[7], -0)).toBe(true);
		expect(f16ToF32(0x7e00)).toBeNaN();
		const bf = [0x3f80, 0xc0a0, 0x0001, 0x7f80];
		expect(Array.from(decode('BF16', new Uint8Array(new Uint16Array(bf).buffer), 4))).toEqual([1, -5, 2 ** -133, Infinity]);
		expect(bf16ToF32(0xbf00)).toBe(-0.5);
	});

	it('Q8_0: x = q · d over two blocks, int8 extremes included', () => {
		const q = Array.from({ length: 64 }, (_, i) => [-128, 127, -1, 0, 1][i % 5] ?? 0).map((v, i) => (i > 4 ? ((i * 37) % 256) - 128 : v));
		const bytes = new Uint8Array(68);
		putF16(bytes, 0, f16Bits(0.5));
		putF16(bytes, 34, 0x3555); // 0.33325195…: products that round
		q.forEach((v, i) => (bytes[(i < 32 ? 2 : 36) + (i % 32)] = v & 0xff));
		const out = decode('Q8_0', bytes, 64);
		for (let i = 0; i < 64; i++) expect(out[i], `element ${i}`).toBe(fr(q[i] * (i < 32 ? 0.5 : f16ToF32(0x3555))));
		expect(Array.from(out.subarray(0, 5))).toEqual([-64, 63.5, -0.5, 0, 0.5]);
	});

	it('Q4_0: x = (q − 8) · d, low nibbles first', () => {
		const q = Array.from({ length: 32 }, (_, i) => (i * 5 + 3) % 16);
		const bytes = new Uint8Array(18);
		putF16(bytes, 0, f16Bits(-2));
		for (let i = 0; i < 32; i++) bytes[2 + (i % 16)] |= q[i] << (i < 16 ? 0 : 4);
		const out = decode('Q4_0', bytes, 32);
		expect(Array.from(out)).toEqual(q.map((v) => (v - 8) * -2));
	});

	const SC = [1, 17, 33, 63, 5, 40, 16, 0];
	const MIN = [0, 3, 63, 20, 48, 1, 31, 16];

	for (const bits of [4, 5] as const) {
		const name = bits === 4 ? 'Q4_K' : 'Q5_K';
		const q = Array.from({ length: 256 }, (_, e) => (e * 7 + (e >> 5)) % (1 << bits));

		it(`${name}: x = d·scale·q − dmin·min with every 6-bit scale and min packing (exact values)`, () => {
			const out = decode(name, kBlock(bits, f16Bits(0.5), f16Bits(0.25), SC, MIN, q), 256);
			for (let e = 0; e < 256; e++) {
				const sub = e >> 5;
				expect(out[e], `element ${e}`).toBe(0.5 * SC[sub] * q[e] - 0.25 * MIN[sub]);
			}
		});

		it(`${name}: the products are exact and the subtraction rounds once, whatever the order`, () => {
			const d = 0x2e66; // ≈ 0.0999
			const dmin = 0x0537; // ≈ 7.96e-5: far below d1·q, so most differences round
			const out = decode(name, kBlock(bits, d, dmin, SC, MIN, q), 256);
			let rounded = 0;
			for (let e = 0; e < 256; e++) {
				const sub = e >> 5;
				// In f64 both products are exact (≤ 22 bits); the difference rounded to f32 is ggml's f32 result.
				const exact = f16ToF32(d) * SC[sub] * q[e] - f16ToF32(dmin) * MIN[sub];
				expect(out[e], `element ${e}`).toBe(fr(exact));
				expect(out[e]).toBe(fr(fr(fr(f16ToF32(d) * SC[sub]) * q[e]) - fr(f16ToF32(dmin) * MIN[sub])));
				if (fr(exact) !== exact) rounded++;
			}
			expect(rounded).toBeGreaterThan(100);
		});
	}

	it('Q5_K: the fifth bit of every element lands where qh puts it', () => {
		const q = Array.from({ length: 256 }, (_, e) => (e % 3 === 0 ? 16 : 0) + (e % 16));
		const out = decode('Q5_K', kBlock(5, f16Bits(1), f16Bits(0), [1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0], q), 256);
		expect(Array.from(out)).toEqual(q);
	});

	it('Q6_K: x = d·scale·(q − 32) with signed scales, over two super-blocks', () => {
		const scales = [-3, 7, 127, -128, 1, 0, 64, -64, 2, -1, 9, 33, -17, 5, 100, -90];
		const q = Array.from({ length: 256 }, (_, e) => (e * 11 + (e >> 4)) % 64);
		const row = new Uint8Array(420);
		row.set(q6Block(f16Bits(0.125), scales, q), 0);
		row.set(q6Block(0x3555, scales.slice().reverse(), q.slice().reverse()), 210);
		const out = decode('Q6_K', row, 512);
		for (let e = 0; e < 256; e++) {
			const scaleIndex = 8 * (e >> 7) + ((e & 31) >> 4) + 2 * ((e >> 5) & 3);
			expect(out[e], `element ${e}`).toBe(0.125 * scales[scaleIndex] * (q[e] - 32));
			const r = q.slice().reverse();
			const rs = scales.slice().reverse();
			expect(out[256 + e], `second block element ${e}`).toBe(fr(fr(f16ToF32(0x3555) * rs[scaleIndex]) * (r[e] - 32)));
		}
	});

	it('U32 words are never decoded', () => {
		expect(() => decode('U32', new Uint8Array(4), 1)).toThrow(/copied, never decoded/);
	});
});
