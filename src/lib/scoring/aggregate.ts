// Aggregation as in FILM (SPEC.md §2): per set, positions fall into buckets of 50; a bucket's score is the mean of
// its answers; per bucket, mean and population standard deviation over sets; Avg = mean of the bucket means;
// Gap = max − min of the bucket means. Scores out are on a 0–100 scale.

export interface ScoredPoint {
	setId: number;
	positionId: number;
	/** 0…1 */
	score: number;
}

export interface Bucket {
	/** First position of the bucket. */
	start: number;
	/** Last position counted, inclusive. */
	end: number;
	mean: number;
	std: number;
	/** Answers in the bucket, over all sets. */
	n: number;
}

export interface Aggregate {
	buckets: Bucket[];
	avg: number;
	gap: number;
	scored: number;
}

export interface AggregateOptions {
	bucketSize?: number;
	/**
	 * Reproduce FILM's plot script, which averages positions start … start+48 of each bucket: one position in 50 is
	 * dropped (an off-by-one). Off by default; on, it makes our numbers comparable with the paper's figure.
	 */
	paperBuckets?: boolean;
}

export function mean(xs: readonly number[]): number {
	return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** Population standard deviation (numpy's default, ddof = 0). */
export function populationStd(xs: readonly number[]): number {
	if (xs.length < 2) return 0;
	const m = mean(xs);
	return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

export function aggregate(points: readonly ScoredPoint[], opts: AggregateOptions = {}): Aggregate {
	const size = opts.bucketSize ?? 50;
	const span = opts.paperBuckets ? size - 1 : size;
	// bucket index → set id → scores
	const cells = new Map<number, Map<number, number[]>>();
	let scored = 0;
	for (const p of points) {
		const b = Math.floor(p.positionId / size);
		if (p.positionId - b * size >= span) continue;
		scored++;
		let sets = cells.get(b);
		if (!sets) cells.set(b, (sets = new Map()));
		const list = sets.get(p.setId);
		if (list) list.push(p.score);
		else sets.set(p.setId, [p.score]);
	}
	const buckets: Bucket[] = [...cells.keys()]
		.sort((a, b) => a - b)
		.map((b) => {
			const sets = [...cells.get(b)!.values()];
			const perSet = sets.map((scores) => mean(scores) * 100);
			return {
				start: b * size,
				end: b * size + span - 1,
				mean: mean(perSet),
				std: populationStd(perSet),
				n: sets.reduce((a, s) => a + s.length, 0)
			};
		});
	const means = buckets.map((b) => b.mean);
	return {
		buckets,
		avg: mean(means),
		gap: means.length ? Math.max(...means) - Math.min(...means) : 0,
		scored
	};
}
