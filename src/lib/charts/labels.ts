// Direct labels beside lines (the paper's Avg lines) must not sit on top of each other when the values are close
// (FILM-7B 89.0 and GPT-4-Turbo 89.6 on database are 2 px apart at 320 px). Labels keep their order and move
// apart just enough, staying inside the plot.

/** New y positions for labels wanted at `ys`: at least `gap` apart, each as near its wish as that allows. */
export function spreadLabels(ys: readonly number[], gap: number, lo: number, hi: number): number[] {
	if (!ys.length) return [];
	const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
	const span = Math.max(hi - lo, gap * (order.length - 1));
	const top = Math.min(lo, hi - span);
	// Downward pass from the top, then upward from the bottom: the result is the tightest packing that keeps order.
	const placed = order.map((o) => Math.min(Math.max(o.y, top), top + span));
	for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
	if (placed[placed.length - 1] > top + span) placed[placed.length - 1] = top + span;
	for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
	const out = new Array<number>(ys.length);
	order.forEach((o, k) => (out[o.i] = Math.round(placed[k] * 100) / 100));
	return out;
}
