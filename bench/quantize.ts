// Benchmark: the CPU quantizer on one thread (Node), from source bytes (F32 / BF16 / F16 decoded to f32) to the
// q_weight and q_scale bytes, both targets. Prints elements/s and source bytes/s; the conversion's target is
// ≥ 1 GB/s of source on 16 cores, i.e. ≥ 64 MB/s per core before any other cost.
import { decodeFloats, f32Bits, f32ToF16Bits, type FloatDType } from '$lib/convert/quantize/f16';
import { allocQuantOut, emptyStats, quantizeRowsInto } from '$lib/convert/quantize/q4';
import type { Target } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

export interface QuantizeBenchRow {
	source: FloatDType;
	target: Target;
	elements: number;
	ms: number;
	elements_per_s: number;
	source_mb_per_s: number;
}

function sourceBytes(values: Float32Array, dtype: FloatDType): Uint8Array {
	if (dtype === 'F32') return new Uint8Array(values.buffer.slice(0));
	const h = new Uint16Array(values.length);
	for (let i = 0; i < values.length; i++) h[i] = dtype === 'F16' ? f32ToF16Bits(values[i]) : f32Bits(values[i]) >>> 16;
	return new Uint8Array(h.buffer);
}

export function benchQuantize(opts: { rows?: number; cols?: number; repeats?: number } = {}): QuantizeBenchRow[] {
	const rows = opts.rows ?? 1024;
	const cols = opts.cols ?? 4096;
	const repeats = opts.repeats ?? 5;
	const n = rows * cols;
	const rng = createRng(1, 'bench-quantize');
	const values = Float32Array.from({ length: n }, () => rng.normal(0, 0.02));
	const out: QuantizeBenchRow[] = [];
	for (const source of ['F32', 'BF16', 'F16'] as const) {
		const bytes = sourceBytes(values, source);
		for (const target of ['q4f32_1', 'q4f16_1'] as const) {
			const f32 = new Float32Array(n);
			const q = allocQuantOut(rows, cols, target);
			const run = () => {
				decodeFloats(source, bytes, f32);
				quantizeRowsInto(f32, rows, cols, target, q, emptyStats(), 'bench');
			};
			run(); // warm the JIT
			const t0 = performance.now();
			for (let r = 0; r < repeats; r++) run();
			const ms = (performance.now() - t0) / repeats;
			out.push({
				source,
				target,
				elements: n,
				ms: +ms.toFixed(2),
				elements_per_s: Math.round((n / ms) * 1000),
				source_mb_per_s: +((bytes.byteLength / ms) * 1000 / 1e6).toFixed(1)
			});
		}
	}
	return out;
}
