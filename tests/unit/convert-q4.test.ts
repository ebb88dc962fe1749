import { describe, expect, it } from 'vitest';
import { castPlain, dequantize } from '$lib/convert/quantize/cast';
import { INV7, quantizeRows, relativeRms } from '$lib/convert/quantize/q4';
import { f16BitsToF32, f32Bits, f32FromBits, f32ToF16Bits } from '$lib/convert/quantize/f16';
import { ConvertError, type Target } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

const words = (b: Uint8Array) => [...new Uint32Array(b.slice().buffer)];
const f32s = (b: Uint8Array) => [...new Float32Array(b.slice().buffer)];
const halves = (b: Uint8Array) => [...new Uint16Array(b.slice().buffer)];
/** Packs 32 nibbles (element r of a word in bits 4r … 4r + 3) the slow, obvious way. */
function pack(q: number[]): number[] {
	const out: number[] = [];
	for (let k = 0; k < q.length / 8; k++) {
		let w = 0;
		for (let r = 0; r < 8; r++) w += q[k * 8 + r] * 16 ** r;
		out.push(w);
	}
	return out;
}
function group(head: number[], fill = 0): number[] {
	return [...head, ...Array(32 - head.length).fill(fill)];
}

describe('the q4 layout, worked by hand', () => {
	// max |w| = 7: f32(7 × f32(1/7)) = 1.0000000447… → 1 in f32 and in f16, so every threshold is j + 0.5 exactly.
	const g1 = group([7, -7, 3.5, -3.5, 0.5, -0.49, 0, -0, 1, 2, 2.5, -2.5, 6.49, -6.5, 1.5, 4.2]);
	const q1 = group([14, 0, 11, 3, 8, 7, 7, 7, 8, 9, 10, 4, 13, 0, 9, 11], 7);
	// max |w| = 14: s = f32(14 × f32(1/7)) = 2.0000000894… → 2.
	const g2 = group([-14, 1, 0.99, 3, -5, 13, 7], 0.25);
	const q2 = group([0, 8, 7, 9, 4, 14, 11], 7);
	// All zero and all tiny (max below 2^-120): scale 0, every nibble 7.
	const g3 = group([], 0);
	const g4 = group([2 ** -121, -(2 ** -122)], 2 ** -125);

	it('checks the hand arithmetic first', () => {
		expect(Math.fround(7 * INV7)).toBe(1);
		expect(Math.fround(14 * INV7)).toBe(2);
		expect(f32Bits(INV7).toString(16)).toBe('3e124925');
	});

	for (const target of ['q4f32_1', 'q4f16_1'] as const) {
		it(`q_weight words and q_scale for two rows of two groups (${target})`, () => {
			const src = Float32Array.from([...g1, ...g2, ...g3, ...g4]);
			const out = quantizeRows(src, 2, 64, target);
			expect(words(out.qWeight)).toEqual([...pack(q1), ...pack(q2), ...pack(Array(32).fill(7)), ...pack(Array(32).fill(7))]);
			expect(words(out.qWeight).slice(8)).toEqual(Array(8).fill(0x77777777));
			expect(out.qWeight.byteLength).toBe(2 * 64 / 2);
			if (target === 'q4f32_1') expect(f32s(out.qScale)).toEqual([1, 2, 0, 0]);
			else expect(halves(out.qScale)).toEqual([0x3c00, 0x4000, 0, 0]);
		});
	}

	it('hand-checks the error statistics of the first group', () => {
		const { stats } = quantizeRows(Float32Array.from(g1), 1, 32, 'q4f32_1');
		const err = g1.map((x, i) => Math.fround(x) - (q1[i] - 7));
		expect(stats.count).toBe(32);
		expect(stats.sumSq).toBeCloseTo(g1.reduce((a, x) => a + Math.fround(x) ** 2, 0), 12);
		expect(stats.sumErrSq).toBeCloseTo(err.reduce((a, e) => a + e * e, 0), 12);
		expect(stats.maxAbsErr).toBe(0.5); // the exact halves (1.5 → 2, 2.5 → 3, 3.5 → 4) are off by 0.5
	});

	it('reports the tiny group’s values as its error, exactly', () => {
		const { stats } = quantizeRows(Float32Array.from(g4), 1, 32, 'q4f32_1');
		expect(stats.maxAbsErr).toBe(2 ** -121);
		expect(stats.sumErrSq).toBe(stats.sumSq);
	});
});

describe('the rule’s ties and edges', () => {
	it('rounds exact halves away from zero (not to even)', () => {
		const src = Float32Array.from(group([7, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, -0.5, -1.5, -2.5, -3.5, -4.5, -5.5, -6.5]));
		const out = quantizeRows(src, 1, 32, 'q4f32_1');
		expect(words(out.qWeight)).toEqual(pack(group([14, 8, 9, 10, 11, 12, 13, 14, 6, 5, 4, 3, 2, 1, 0], 7)));
	});

	it('counts a value equal to a rounded threshold, and not the f32 just below it', () => {
		// max 1: s = f32(1/7); the threshold for 3 is f32(2.5 s), a rounded product.
		const s = INV7;
		const t = Math.fround(2.5 * s);
		const below = f32FromBits(f32Bits(t) - 1);
		const out = quantizeRows(Float32Array.from(group([1, t, below, -t, -below])), 1, 32, 'q4f32_1');
		expect(f32s(out.qScale)).toEqual([s]);
		expect(words(out.qWeight)).toEqual(pack(group([14, 10, 9, 4, 5], 7)));
	});

	it('rounds w to f16 before anything else for q4f16_1', () => {
		// 0.49999997 is 0.5 in f16 (q = 8) but not in f32 (q = 7); 1 + 2^-12 is a tie that f16 sends to 1.
		const src = Float32Array.from(group([7, 0.49999997, 1 + 2 ** -12]));
		expect(words(quantizeRows(src, 1, 32, 'q4f16_1').qWeight)).toEqual(pack(group([14, 8, 8], 7)));
		expect(words(quantizeRows(src, 1, 32, 'q4f32_1').qWeight)).toEqual(pack(group([14, 7, 8], 7)));
	});

	it('rounds the scale to f16 for q4f16_1: max 1 gives 1170 × 2^-13', () => {
		const out = quantizeRows(Float32Array.from(group([1, -0.5])), 1, 32, 'q4f16_1');
		expect(halves(out.qScale)).toEqual([0x3092]);
		expect(f16BitsToF32(0x3092)).toBe(1170 * 2 ** -13);
		// thresholds from the f16 scale: f32(3.5 s) = 0.49987…, which 0.5 reaches, so −0.5 → 7 − 4 = 3.
		expect(words(out.qWeight)).toEqual(pack(group([14, 3], 7)));
	});

	it('makes a group all zero when the f16 scale underflows, though max |w| ≥ 2^-120', () => {
		// s = 2^-27 / 7 is below half the smallest half. In f32 it stays, and f32(3.5 s) = 2^-28 exactly (3.5 × f32(1/7)
		// rounds to 0.5), so −2^-28 reaches the fourth threshold: q = 3.
		const src = Float32Array.from(group([2 ** -27, -(2 ** -28)]));
		const out = quantizeRows(src, 1, 32, 'q4f16_1');
		expect(halves(out.qScale)).toEqual([0]);
		expect(words(out.qWeight)).toEqual(Array(4).fill(0x77777777));
		const f32 = quantizeRows(src, 1, 32, 'q4f32_1'); // f32 keeps it
		expect(f32s(f32.qScale)[0]).toBe(Math.fround(2 ** -27 * INV7));
		expect(words(f32.qWeight)[0]).toBe(pack(group([14, 3], 7))[0]);
	});

	it('maps ±0 to 7 and keeps huge values finite', () => {
		const src = Float32Array.from(group([-0, 0, 3e38, -3e38, 1e38]));
		const out = quantizeRows(src, 1, 32, 'q4f32_1');
		const s = Math.fround(Math.fround(3e38) * INV7);
		expect(f32s(out.qScale)).toEqual([s]);
		expect(words(out.qWeight)).toEqual(pack(group([7, 7, 14, 0, 9], 7)));
		expect(Number.isFinite(out.stats.sumSq)).toBe(true);
	});

	it('refuses NaN and ±inf, naming the tensor and the element', () => {
		for (const bad of [NaN, Infinity, -Infinity]) {
			const src = new Float32Array(64);
			src[40] = bad;
			let err: unknown;
			try {
				quantizeRows(src, 2, 32, 'q4f32_1', 'model.layers.3.mlp.down_proj.weight');
			} catch (e) {
				err = e;
			}
			expect(err).toBeInstanceOf(ConvertError);
			expect((err as ConvertError).kind).toBe('format');
			expect((err as ConvertError).message).toMatch(/model\.layers\.3\.mlp\.down_proj\.weight \[row 1, column 8\] is (NaN|-?Infinity)/);
		}
	});

	it('refuses a value beyond float16 for q4f16_1, and says q4f32_1 would take it', () => {
		const src = Float32Array.from(group([70000]));
		expect(() => quantizeRows(src, 1, 32, 'q4f16_1', 'lm_head.weight')).toThrow(/lm_head\.weight \[row 0, column 0\] is 70000, beyond float16.*q4f32_1/);
		expect(quantizeRows(src, 1, 32, 'q4f32_1').qWeight.byteLength).toBe(16);
	});

	it('refuses rows that do not split into groups of 32', () => {
		expect(() => quantizeRows(new Float32Array(48), 1, 48, 'q4f32_1', 'x')).toThrow(/\[1, 48\].*groups of 32/);
	});
});

// The rule as docs/convert.md states it, written out plainly and separately from the fast code.
function referenceQuantize(src: Float32Array, target: Target): { q: number[]; s: number[] } {
	const q: number[] = [];
	const s: number[] = [];
	const toModel = (x: number) => (target === 'q4f16_1' ? f16BitsToF32(f32ToF16Bits(x)) : Math.fround(x));
	for (let g = 0; g < src.length / 32; g++) {
		const w = Array.from(src.subarray(g * 32, g * 32 + 32), toModel);
		const m = Math.max(...w.map(Math.abs));
		let scale = m < 2 ** -120 ? 0 : Math.fround(m * Math.fround(1 / 7));
		if (target === 'q4f16_1') scale = toModel(scale);
		s.push(scale);
		for (const x of w) {
			let n = 0;
			for (let j = 0; j <= 6; j++) if (scale !== 0 && Math.abs(x) >= Math.fround((j + 0.5) * scale)) n++;
			q.push(x > 0 ? 7 + n : x < 0 ? 7 - n : 7);
		}
	}
	return { q, s };
}

describe('random weights', () => {
	for (const target of ['q4f32_1', 'q4f16_1'] as const) {
		it(`match the plainly written rule, and dequantize within half a step (${target})`, () => {
			const rng = createRng(11, target);
			const rows = 5;
			const cols = 96;
			const src = Float32Array.from({ length: rows * cols }, (_, i) => (i % 97 === 0 ? 0 : rng.normal(0, 0.02 * (1 + (i % 5)))));
			const out = quantizeRows(src, rows, cols, target);
			const ref = referenceQuantize(src, target);
			expect(words(out.qWeight)).toEqual(pack(ref.q));
			const scales = target === 'q4f16_1' ? halves(out.qScale).map(f16BitsToF32) : f32s(out.qScale);
			expect(scales).toEqual(ref.s);
			const back = dequantize(out.qWeight, out.qScale, rows, cols, target);
			let sumErrSq = 0;
			let maxErr = 0;
			const wrong: number[] = [];
			for (let i = 0; i < src.length; i++) {
				const e = src[i] - back[i];
				sumErrSq += e * e;
				maxErr = Math.max(maxErr, Math.abs(e));
				// half a step, plus (q4f16_1) the f16 rounding of w itself: 2^-11 of at most 7.5 steps
				if (Math.abs(e) > scales[Math.floor(i / 32)] * 0.51) wrong.push(i);
			}
			expect(wrong).toEqual([]);
			expect(out.stats.count).toBe(src.length);
			// The statistics take (q − 7) × s exactly (f64); dequantize gives it as an f32: the same to ~1e-7.
			expect(Math.abs(out.stats.sumErrSq / sumErrSq - 1)).toBeLessThan(1e-6);
			expect(Math.abs(out.stats.maxAbsErr / maxErr - 1)).toBeLessThan(1e-6);
			expect(relativeRms(out.stats)).toBeGreaterThan(0.01);
			expect(relativeRms(out.stats)).toBeLessThan(0.2);
		});
	}
});

describe('values on the q4 grid', () => {
	for (const target of ['q4f32_1', 'q4f16_1'] as const)
		it(`come back exactly: (q − 7) × 2^-8 with a ±7 in every group (${target})`, () => {
			const rng = createRng(4, 'grid');
			const src = Float32Array.from({ length: 8 * 64 }, (_, i) => (i % 32 === 5 ? (i % 64 < 32 ? 7 : -7) : (rng.u32() % 15) - 7) * 2 ** -8);
			const out = quantizeRows(src, 8, 64, target);
			expect([...dequantize(out.qWeight, out.qScale, 8, 64, target)]).toEqual([...src]);
			expect(out.stats.sumErrSq).toBe(0);
			expect(out.stats.maxAbsErr).toBe(0);
		});
});

describe('castPlain (norms and biases)', () => {
	it('copies f32 exactly for q4f32_1', () => {
		const src = Float32Array.of(1, -0.1, 1e-30, 70000);
		const out = castPlain(src, 'q4f32_1', 'model.norm.weight');
		expect(f32s(out.bytes)).toEqual([...src]);
		expect(out.stats).toEqual({ count: 4, sumSq: expect.any(Number), sumErrSq: 0, maxAbsErr: 0 });
		expect(relativeRms(out.stats)).toBe(0);
	});

	it('rounds to f16 for q4f16_1 and measures what that loses', () => {
		const src = Float32Array.of(1, 1 + 2 ** -12, 65504, -(2 ** -24), 1e-10, -0);
		const out = castPlain(src, 'q4f16_1', 'model.norm.weight');
		expect(halves(out.bytes)).toEqual([0x3c00, 0x3c00, 0x7bff, 0x8001, 0, 0x8000]);
		expect(out.stats.maxAbsErr).toBe(2 ** -12);
		expect(out.stats.sumErrSq).toBeCloseTo(2 ** -24 + Math.fround(1e-10) ** 2, 20);
	});

	it('refuses non-finite values and f16 overflow, naming the tensor', () => {
		expect(() => castPlain(Float32Array.of(1, NaN), 'q4f32_1', 'model.layers.0.input_layernorm.weight')).toThrow(
			/model\.layers\.0\.input_layernorm\.weight \[row 0, column 1\] is NaN/
		);
		expect(() => castPlain(Float32Array.of(70000), 'q4f16_1', 'b')).toThrow(/b \[row 0, column 0\] is 70000, beyond float16/);
	});
});
