// Seeded random numbers for generated weights. xoshiro128** on 32-bit integer ops: fast in V8, and the same stream
// in Node and in a browser worker, so a seed names one exact set of weights anywhere.
import { fnv1a, FNV_OFFSET_BASIS } from '$lib/util/fnv';

export interface Rng {
	/** A uniform unsigned 32-bit integer. */
	u32(): number;
	/** A uniform float in [0, 1). */
	float(): number;
	/** A normal draw N(mean, std) (Box–Muller). */
	normal(mean: number, std: number): number;
}

/** splitmix32: spreads a small seed over the 128-bit state, so seeds 0, 1, 2 give unrelated streams. */
function splitmix32(state: { s: number }): number {
	state.s = (state.s + 0x9e3779b9) | 0;
	let z = state.s;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

export function createRng(seed: number, stream = ''): Rng {
	// The stream name (a tensor's) is hashed with a seed-derived basis, so each seed gives its own family of streams.
	const mix = { s: (fnv1a(stream, (seed >>> 0) ^ FNV_OFFSET_BASIS) ^ Math.imul(seed | 0, 0x27d4eb2d)) | 0 };
	let a = splitmix32(mix), b = splitmix32(mix), c = splitmix32(mix), d = splitmix32(mix);
	if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
	let spare: number | null = null;
	const u32 = (): number => {
		const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
		const t = b << 9;
		c ^= a;
		d ^= b;
		b ^= c;
		a ^= d;
		c ^= t;
		d = rotl(d, 11);
		return result;
	};
	const float = (): number => u32() / 4294967296;
	return {
		u32,
		float,
		normal(mean, std) {
			if (spare !== null) {
				const z = spare;
				spare = null;
				return mean + std * z;
			}
			const u = 1 - float(); // (0, 1]: log stays finite
			const v = float();
			const r = Math.sqrt(-2 * Math.log(u));
			spare = r * Math.sin(2 * Math.PI * v);
			return mean + std * r * Math.cos(2 * Math.PI * v);
		}
	};
}

function rotl(x: number, k: number): number {
	return (x << k) | (x >>> (32 - k));
}
