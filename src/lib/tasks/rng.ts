// Seeded, platform-independent randomness: the same seed gives the same probes in Node and every browser.
import { fnv1a } from '$lib/util/fnv';

/** mulberry32: small, fast, good enough for sampling probe items. Returns floats in [0, 1). A string seed is hashed. */
export function createRng(seed: number | string): () => number {
	let a = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function randInt(rng: () => number, n: number): number {
	return Math.floor(rng() * n);
}

/** A random permutation of 0…n−1 (Fisher–Yates). */
export function permutation(rng: () => number, n: number): number[] {
	const out = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = randInt(rng, i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** `count` positions spread evenly over 0…n−1, first and last included (a "quick look" sample). */
export function evenPositions(n: number, count: number): number[] {
	if (count >= n) return Array.from({ length: n }, (_, i) => i);
	if (count <= 1) return [0];
	const out = new Set<number>();
	for (let i = 0; i < count; i++) out.add(Math.round((i * (n - 1)) / (count - 1)));
	return [...out].sort((a, b) => a - b);
}
