// How the conversion check judges a converted model's logits against the reference computed from the source
// weights: the largest difference relative to the spread of the reference logits, and whether the top token agrees.
// A grid checkpoint converts losslessly, so only kernel arithmetic separates the two (≈1e-5 of the spread); a wrong
// layout is as far off as another model (≈ the spread itself). The bound sits far from both.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MAX_REL_DIFF = 0.05;

export interface LogitComparison {
	maxAbsDiff: number;
	rmsDiff: number;
	refStd: number;
	/** maxAbsDiff / refStd. */
	relMax: number;
	argmaxRef: number;
	argmaxGot: number;
	top10Overlap: number;
	pass: boolean;
}

function top(a: ArrayLike<number>, k: number): number[] {
	return Array.from({ length: a.length }, (_, i) => i).sort((x, y) => a[y] - a[x]).slice(0, k);
}

export function compareLogits(ref: ArrayLike<number>, got: ArrayLike<number>): LogitComparison {
	if (ref.length !== got.length) throw new Error(`logits of ${got.length} tokens against a reference of ${ref.length}`);
	let max = 0, sq = 0, mean = 0;
	for (let i = 0; i < ref.length; i++) mean += ref[i];
	mean /= ref.length;
	let v = 0;
	for (let i = 0; i < ref.length; i++) {
		const d = Math.abs(ref[i] - got[i]);
		if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
		sq += d * d;
		v += (ref[i] - mean) ** 2;
	}
	const refStd = Math.sqrt(v / ref.length);
	const [argmaxRef] = top(ref, 1);
	const [argmaxGot] = top(got, 1);
	const t = new Set(top(ref, 10));
	const relMax = max / refStd;
	return {
		maxAbsDiff: max, rmsDiff: Math.sqrt(sq / ref.length), refStd, relMax, argmaxRef, argmaxGot,
		top10Overlap: top(got, 10).filter((i) => t.has(i)).length,
		pass: relMax <= MAX_REL_DIFF && argmaxRef === argmaxGot
	};
}

/** Reverses the order of the eight 4-bit values in every uint32 of an MLC folder's shards; returns how many words. */
export async function flipNibbles(dir: string): Promise<number> {
	const cache = JSON.parse(await readFile(join(dir, 'ndarray-cache.json'), 'utf8')) as { records: { dataPath: string; records: { dtype: string; byteOffset: number; nbytes: number }[] }[] };
	let words = 0;
	for (const shard of cache.records) {
		const path = join(dir, shard.dataPath);
		const b = await readFile(path);
		const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
		for (const r of shard.records) {
			if (r.dtype !== 'uint32') continue;
			for (let o = r.byteOffset; o < r.byteOffset + r.nbytes; o += 4) {
				const w = dv.getUint32(o, true);
				let f = 0;
				for (let k = 0; k < 8; k++) f |= ((w >>> (4 * k)) & 15) << (4 * (7 - k));
				dv.setUint32(o, f >>> 0, true);
				words++;
			}
		}
		await writeFile(path, b);
	}
	return words;
}
