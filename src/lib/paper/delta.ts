// A run beside one of the paper's curves, bucket by bucket: this run's mean minus the paper model's. Buckets pair by
// their index (start / 50), so a run averaged over 50 positions still pairs with the paper's 49-position buckets.
import type { Bucket } from '$lib/scoring/aggregate';

export interface BucketDelta {
	/** Positions of the run's bucket, else the paper's. */
	start: number;
	end: number;
	run: number | null;
	paper: number | null;
	paperStd: number | null;
	/** run − paper, in percentage points; null where either is missing. */
	delta: number | null;
}

export function bucketDeltas(run: readonly Bucket[], paper: readonly Bucket[], size = 50): BucketDelta[] {
	const at = (bs: readonly Bucket[]) => new Map(bs.map((b) => [Math.floor(b.start / size), b]));
	const r = at(run);
	const p = at(paper);
	return [...new Set([...r.keys(), ...p.keys()])]
		.sort((a, b) => a - b)
		.map((i) => {
			const a = r.get(i);
			const b = p.get(i);
			return {
				start: (a ?? b)!.start,
				end: (a ?? b)!.end,
				run: a ? a.mean : null,
				paper: b ? b.mean : null,
				paperStd: b ? b.std : null,
				delta: a && b ? a.mean - b.mean : null
			};
		});
}
