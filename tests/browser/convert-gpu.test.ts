import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpuQuantizer, type GpuQuantizer } from '$lib/convert/quantize/gpu';
import type { GpuDevice, GpuEntry } from '$lib/convert/quantize/gpu-types';
import { decodeFloats, f32Bits, f32FromBits, f32ToF16Bits, type FloatDType } from '$lib/convert/quantize/f16';
import { INV7, quantizeRows, type Quantized } from '$lib/convert/quantize/q4';
import { ConvertError, type Target } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

const gpu = (navigator as unknown as { gpu: GpuEntry }).gpu;
const TARGETS: Target[] = ['q4f32_1', 'q4f16_1'];

let q: GpuQuantizer;
beforeAll(async () => {
	q = await createGpuQuantizer();
});
afterAll(() => q?.destroy());

function encode(values: Float32Array, dtype: FloatDType): Uint8Array {
	if (dtype === 'F32') return new Uint8Array(values.slice().buffer);
	const h = Uint16Array.from(values, (v) => (dtype === 'F16' ? f32ToF16Bits(v) : f32Bits(v) >>> 16));
	return new Uint8Array(h.buffer);
}
function cpu(bytes: Uint8Array, dtype: FloatDType, rows: number, cols: number, target: Target): Quantized {
	const f = new Float32Array(rows * cols);
	decodeFloats(dtype, bytes, f);
	return quantizeRows(f, rows, cols, target);
}
function expectSameBytes(gpuOut: Quantized, cpuOut: Quantized) {
	expect([...gpuOut.qWeight]).toEqual([...cpuOut.qWeight]);
	expect([...gpuOut.qScale]).toEqual([...cpuOut.qScale]);
	expect(gpuOut.stats.count).toBe(cpuOut.stats.count);
	const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
	expect(rel(gpuOut.stats.sumSq, cpuOut.stats.sumSq)).toBeLessThan(1e-5);
	expect(rel(gpuOut.stats.sumErrSq, cpuOut.stats.sumErrSq)).toBeLessThan(1e-5);
	expect(rel(gpuOut.stats.maxAbsErr, cpuOut.stats.maxAbsErr)).toBeLessThan(1e-6);
}

/** Groups built to sit on the rule's edges (f32's huge values only where the model dtype holds them). */
function edgeValues(target: Target): Float32Array {
	const s = INV7; // the scale of a group whose max is 1
	const t = Math.fround(2.5 * s);
	const groups: number[][] = [
		[7, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, -0.5, -1.5, -2.5, -3.5, -4.5, -5.5, -6.5, -7], // exact halves
		[0], // all zero
		[-0, 0, -0, -0], // signed zeros
		[2 ** -121, -(2 ** -122), 2 ** -130, f32FromBits(1)], // all tiny, with f32 subnormals
		[1, t, f32FromBits(f32Bits(t) - 1), -t, -f32FromBits(f32Bits(t) - 1), 2 ** -130], // on and just below a threshold
		target === 'q4f32_1' ? [3e38, -3e38, 1e38, -1e-38, 1e-45] : [65519, -65504, 1e-7, -1e-38], // huge with tiny beside
		[60000, -65504, 1, 0.49999997, 1 + 2 ** -12], // f16's top of range and f16 ties
		[2 ** -27, -(2 ** -28), 2 ** -26], // the f16 scale underflows; f32 keeps it
		[2 ** -14, -(2 ** -15), 2 ** -24, 3 * 2 ** -25] // around f16's subnormals
	];
	const out = new Float32Array(groups.length * 32);
	groups.forEach((g, i) => out.set(g.map((v) => Math.fround(v)), i * 32));
	return out;
}

describe('GPU quantizer = CPU quantizer, byte for byte (software adapter)', () => {
	for (const target of TARGETS) {
		for (const dtype of ['F32', 'F16', 'BF16'] as const) {
			it(`random weights from ${dtype} bytes, an odd row count (${target})`, async () => {
				const rng = createRng(5, `${dtype}-${target}`);
				const rows = 7;
				const cols = 160;
				const values = Float32Array.from({ length: rows * cols }, (_, i) => rng.normal(0, 0.02 * (1 + (i % 7))));
				const bytes = encode(values, dtype);
				expectSameBytes(await q.quantize({ dtype, bytes }, rows, cols, target, 'w'), cpu(bytes, dtype, rows, cols, target));
			});
		}

		it(`crafted edges (${target})`, async () => {
			const values = edgeValues(target);
			expectSameBytes(await q.quantize(values, 3, values.length / 3, target, 'edges'), quantizeRows(values, 3, values.length / 3, target));
			const bf = encode(values, 'BF16');
			expectSameBytes(await q.quantize({ dtype: 'BF16', bytes: bf }, 9, 32, target), cpu(bf, 'BF16', 9, 32, target));
		});

		it(`source bytes at an odd offset (${target})`, async () => {
			const values = edgeValues('q4f16_1'); // values an F16 source can hold
			const raw = encode(values, 'F16');
			const padded = new Uint8Array(raw.length + 2);
			padded.set(raw, 2);
			const bytes = padded.subarray(2);
			expectSameBytes(await q.quantize({ dtype: 'F16', bytes }, 9, 32, target), cpu(raw, 'F16', 9, 32, target));
		});
	}

	it('refuses NaN, ±inf and f16 overflow with the CPU’s own message', async () => {
		const cases: [number, Target][] = [
			[NaN, 'q4f32_1'],
			[Infinity, 'q4f16_1'],
			[-Infinity, 'q4f32_1'],
			[70000, 'q4f16_1']
		];
		for (const [bad, target] of cases) {
			const values = new Float32Array(128);
			values[77] = bad;
			let cpuMessage = '';
			try {
				quantizeRows(values, 2, 64, target, 'blk.0.attn_q.weight');
			} catch (e) {
				cpuMessage = (e as Error).message;
			}
			await expect(q.quantize(values, 2, 64, target, 'blk.0.attn_q.weight')).rejects.toThrow(cpuMessage);
			expect(cpuMessage).toMatch(/blk\.0\.attn_q\.weight \[row 1, column 13\]/);
		}
		// and the quantizer keeps working after a refused tensor
		const ok = Float32Array.from({ length: 64 }, (_, i) => i - 30);
		expectSameBytes(await q.quantize(ok, 1, 64, 'q4f32_1'), quantizeRows(ok, 1, 64, 'q4f32_1'));
	});
});

describe('beyond one dispatch', () => {
	it('splits a tensor into several dispatches and a 2-D grid, with the same bytes', async () => {
		// 2 workgroups along x at most, and at most 256 groups per dispatch: 33 rows × 8 groups = 264 groups → 2
		// dispatches, the first a 2 × 2 grid of workgroups.
		const small = await createGpuQuantizer({ maxGroupsPerDispatch: 300, maxWorkgroupsPerDimension: 2 });
		try {
			const rng = createRng(9, 'chunks');
			const values = Float32Array.from({ length: 33 * 256 }, () => rng.normal(0, 1));
			for (const target of TARGETS) {
				const before = small.dispatches;
				const out = await small.quantize(values, 33, 256, target);
				expect(small.dispatches - before).toBe(2);
				expectSameBytes(out, quantizeRows(values, 33, 256, target));
			}
		} finally {
			small.destroy();
		}
	});

	it('runs calls made together one after another, each with its own bytes', async () => {
		const rng = createRng(10, 'together');
		const tensors = [1, 2, 3].map((r) => Float32Array.from({ length: r * 64 }, () => rng.normal(0, 1)));
		const outs = await Promise.all(tensors.map((t, i) => q.quantize(t, i + 1, 64, 'q4f16_1')));
		outs.forEach((o, i) => expectSameBytes(o, quantizeRows(tensors[i], i + 1, 64, 'q4f16_1')));
	});
});

describe('a lost device', () => {
	async function ownDevice(): Promise<GpuDevice> {
		const adapter = await gpu.requestAdapter();
		if (!adapter) throw new Error('no adapter');
		return adapter.requestDevice();
	}

	it('turns a call after the loss into a device-lost error that says what to do', async () => {
		const device = await ownDevice();
		const lostQ = await createGpuQuantizer({ device });
		const values = Float32Array.from({ length: 64 }, (_, i) => i);
		expectSameBytes(await lostQ.quantize(values, 1, 64, 'q4f32_1'), quantizeRows(values, 1, 64, 'q4f32_1'));
		device.destroy();
		await device.lost;
		const err = await lostQ.quantize(values, 1, 64, 'q4f32_1', 'model.embed_tokens.weight').catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ConvertError);
		expect((err as ConvertError).kind).toBe('device-lost');
		expect((err as ConvertError).resumable).toBe(true);
		expect((err as Error).message).toMatch(/GPU stopped while quantizing model\.embed_tokens\.weight.*CPU workers/);
		expect(lostQ.lost).not.toBeNull();
	});

	it('rejects a call in flight when the device goes', async () => {
		const device = await ownDevice();
		const lostQ = await createGpuQuantizer({ device });
		const values = new Float32Array(64 * 1024).fill(0.25);
		const pending = lostQ.quantize(values, 1024, 64, 'q4f16_1', 'lm_head.weight');
		device.destroy();
		const err = await pending.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ConvertError);
		expect((err as ConvertError).kind).toBe('device-lost');
	});
});
