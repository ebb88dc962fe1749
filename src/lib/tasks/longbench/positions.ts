// Score against where the gold answer sat in the prompt: "lost in the middle" on real documents. Pure data for a
// chart — every located answer as a point, plus equal-width buckets with their mean score.

export interface PositionSample {
	/** Token offset (BOS = 0) of the answer in the prompt; null when the answer was not found verbatim. */
	tokenOffset: number | null;
	promptTokens: number;
	/** 0…1 */
	score: number;
	dataset?: string;
}

export interface PositionPoint {
	/** Relative depth (0 = start of the prompt, 1 = end) or token offset, per `by`. */
	x: number;
	score: number;
	dataset?: string;
}

export interface PositionBucket {
	/** Bucket covers [from, to). */
	from: number;
	to: number;
	/** Mean score of its answers, 0–100; null when empty. */
	mean: number | null;
	n: number;
}

export interface PositionOptions {
	/** 'relative' (default): offset / prompt tokens, so documents of any length share one axis; 'tokens': offsets. */
	by?: 'relative' | 'tokens';
	buckets?: number;
	/** Axis end for `by: 'tokens'` (default: the longest prompt). */
	maxTokens?: number;
}

export interface PositionChart {
	by: 'relative' | 'tokens';
	points: PositionPoint[];
	buckets: PositionBucket[];
	/** Answers whose gold text was not located (summaries, yes/no answers, paraphrased gold). */
	unlocated: number;
}

export function answerPositions(samples: readonly PositionSample[], opts: PositionOptions = {}): PositionChart {
	const by = opts.by ?? 'relative';
	const count = Math.max(1, Math.floor(opts.buckets ?? 10));
	const located = samples.filter((s) => s.tokenOffset !== null);
	const end = by === 'relative' ? 1 : (opts.maxTokens ?? Math.max(1, ...located.map((s) => s.promptTokens)));
	const points: PositionPoint[] = located.map((s) => ({
		x: by === 'relative' ? (s.tokenOffset as number) / Math.max(1, s.promptTokens) : (s.tokenOffset as number),
		score: s.score,
		...(s.dataset !== undefined ? { dataset: s.dataset } : {})
	}));
	const width = end / count;
	const sums = new Array<number>(count).fill(0);
	const ns = new Array<number>(count).fill(0);
	for (const p of points) {
		const i = Math.min(count - 1, Math.max(0, Math.floor(p.x / width)));
		sums[i] += p.score;
		ns[i]++;
	}
	const buckets = sums.map((sum, i) => ({
		from: i * width,
		to: (i + 1) * width,
		mean: ns[i] ? (100 * sum) / ns[i] : null,
		n: ns[i]
	}));
	return { by, points, buckets, unlocated: samples.length - located.length };
}
