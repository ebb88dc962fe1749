// Norms and biases cast to the model dtype, and the way back from q4 bytes to values (what the runtime computes),
// both measured against the source like the quantizer itself.
import type { ErrorStats, Target } from '../types';
import { f16Table, f32BitsToF16Bits } from './f16';
import { bytesOf, checkQuantShape, emptyStats, F32_MAX, GROUP_SIZE, nonFinite, scaleBytes } from './q4';

export interface Cast {
	/** The values in the model dtype (f32 or f16), little-endian. */
	bytes: Uint8Array;
	stats: ErrorStats;
}

/** Norms and biases: cast to the model dtype (f16 to nearest, ties to even), with the error against the source. */
export function castPlain(src: Float32Array, target: Target, name = 'tensor'): Cast {
	const n = src.length;
	const stats = emptyStats();
	let sumSq = 0;
	let sumErrSq = 0;
	let maxErr = 0;
	let out: Float32Array | Uint16Array;
	if (target === 'q4f32_1') {
		out = Float32Array.from(src);
		for (let i = 0; i < n; i++) {
			const x = src[i];
			if (!(Math.abs(x) <= F32_MAX)) throw nonFinite(name, i, n, x);
			sumSq += x * x;
		}
	} else {
		const table = f16Table();
		const bits = new Uint32Array(src.buffer, src.byteOffset, n);
		const halves = new Uint16Array(n);
		for (let i = 0; i < n; i++) {
			const x = src[i];
			const h = f32BitsToF16Bits(bits[i]);
			const y = table[h];
			if (!(Math.abs(y) <= F32_MAX)) throw nonFinite(name, i, n, x);
			halves[i] = h;
			const e = x - y;
			sumSq += x * x;
			sumErrSq += e * e;
			const ae = e < 0 ? -e : e;
			if (ae > maxErr) maxErr = ae;
		}
		out = halves;
	}
	stats.count = n;
	stats.sumSq = sumSq;
	stats.sumErrSq = sumErrSq;
	stats.maxAbsErr = maxErr;
	return { bytes: bytesOf(out), stats };
}

/** (q − 7) × s for every element: what the runtime computes from the bytes (for tests and fidelity checks). */
export function dequantize(qWeight: Uint8Array, qScale: Uint8Array, rows: number, cols: number, target: Target): Float32Array {
	checkQuantShape(rows, cols, 'dequantize');
	const n = rows * cols;
	if (qWeight.byteLength !== n / 2 || qScale.byteLength !== (n / GROUP_SIZE) * scaleBytes(target))
		throw new Error(`dequantize: ${qWeight.byteLength} + ${qScale.byteLength} bytes do not fit [${rows}, ${cols}] ${target}`);
	const words = new Uint32Array(qWeight.slice().buffer);
	const scales = target === 'q4f16_1' ? halvesToF32(new Uint16Array(qScale.slice().buffer)) : new Float32Array(qScale.slice().buffer);
	const out = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		const q = (words[i >>> 3] >>> (4 * (i & 7))) & 0xf;
		out[i] = (q - 7) * scales[Math.floor(i / GROUP_SIZE)];
	}
	return out;
}

function halvesToF32(h: Uint16Array): Float32Array {
	const t = f16Table();
	return Float32Array.from(h, (x) => t[x]);
}

