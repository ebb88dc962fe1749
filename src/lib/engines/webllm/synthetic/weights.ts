// Values for one tensor. Chosen so the model is a useful test, not a good model (real-engine/NOTES.md): q4f32_1
// dequantizes a nibble q as (q − 7) × scale, so nibbles are uniform over 0…14 (zero mean). With 0…15 every context
// gives nearly the same logits and no logit comparison can tell a right context from a wrong one.
import { createRng, type Rng } from './rng';
import type { TensorSpec } from './params';

export const SCALE_MIN = 0.003;
export const SCALE_MAX = 0.005;
export const BIAS_STD = 0.02;

/** Byte → two nibbles in 0…14 (15 × 15 = 225 usable byte values; the other 31 are redrawn). */
const NIBBLE_PAIR = (() => {
	const t = new Int16Array(256).fill(-1);
	for (let b = 0; b < 225; b++) t[b] = (b % 15) | (Math.floor(b / 15) << 4);
	return t;
})();

export type TensorRole = 'packed-q4' | 'norm' | 'bias' | 'scale' | 'float';

export function tensorRole(t: TensorSpec): TensorRole {
	if (t.dtype === 'uint32') return 'packed-q4';
	if (/norm/.test(t.name)) return 'norm';
	if (/bias$/.test(t.name)) return 'bias';
	if (/scale$/.test(t.name)) return 'scale';
	return 'float';
}

/**
 * Fills `out` (exactly `t.nbytes`, little-endian) with the tensor's values. Each tensor draws from its own stream
 * (seed + name), so any tensor can be made alone, in any order, in Node or in a worker, with the same bytes.
 */
export function fillTensor(t: TensorSpec, seed: number, out: Uint8Array): void {
	if (out.byteLength !== t.nbytes) throw new Error(`${t.name}: buffer of ${out.byteLength} bytes, tensor needs ${t.nbytes}`);
	const rng = createRng(seed, t.name);
	const role = tensorRole(t);
	if (role === 'packed-q4') return fillNibbles(rng, out);
	if (t.dtype !== 'float32') throw new Error(`${t.name}: only float32 float tensors are generated (got ${t.dtype})`);
	const f = new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4);
	if (role === 'norm') f.fill(1);
	else if (role === 'bias') for (let i = 0; i < f.length; i++) f[i] = rng.normal(0, BIAS_STD);
	else for (let i = 0; i < f.length; i++) f[i] = SCALE_MIN + (SCALE_MAX - SCALE_MIN) * rng.float();
}

function fillNibbles(rng: Rng, out: Uint8Array): void {
	let word = 0;
	let left = 0;
	for (let i = 0; i < out.length; ) {
		if (left === 0) {
			word = rng.u32();
			left = 4;
		}
		const pair = NIBBLE_PAIR[word & 0xff];
		word >>>= 8;
		left--;
		if (pair >= 0) out[i++] = pair;
	}
}
