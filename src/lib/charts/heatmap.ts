// Needle-in-a-haystack heatmap maths (SPEC.md §4): context length (x) × insertion depth (y), colour = score.
import { scaleBand, scaleLinear } from 'd3-scale';
import { frame, px, type Frame, type Margin, type Tick } from './frame';
import { contextTokens, pct } from './format';

export interface HeatCell {
	/** Context length in tokens. */
	length: number;
	/** Insertion depth in percent (0 = start of the context). */
	depth: number;
	/** Mean score 0–100 over the cell's probes. */
	score: number;
	n: number;
}

/**
 * Cividis-like stops (Nuñez, Anderton & Renslow 2018): monotone lightness, readable with deficient colour vision,
 * and the dark end means "failed", which is how people read these plots.
 */
export const HEAT_STOPS = ['#00204d', '#414d6b', '#7c7b78', '#bcaf6f', '#ffea46'] as const;

export const heatColour = scaleLinear<string>()
	.domain([0, 25, 50, 75, 100])
	.range(HEAT_STOPS as unknown as string[])
	.clamp(true);

/** Black or white text, whichever reads better on the cell colour. */
export function textOn(score: number): string {
	return score >= 55 ? '#000000' : '#ffffff';
}

export interface HeatRect {
	x: number;
	y: number;
	w: number;
	h: number;
	/** Centre, for the score label. */
	cx: number;
	cy: number;
	fill: string;
	text: string;
	cell: HeatCell;
	label: string;
}

export interface HeatmapLayout {
	frame: Frame;
	lengths: number[];
	depths: number[];
	rects: HeatRect[];
	xTicks: Tick[];
	yTicks: Tick[];
	legend: { offset: number; colour: string }[];
}

export function heatmapLayout(
	cells: HeatCell[],
	opts: { width?: number; height?: number; margin?: Margin } = {}
): HeatmapLayout {
	const f = frame(opts.width ?? 640, opts.height ?? 320, opts.margin ?? { top: 16, right: 16, bottom: 44, left: 56 });
	const lengths = [...new Set(cells.map((c) => c.length))].sort((a, b) => a - b);
	const depths = [...new Set(cells.map((c) => c.depth))].sort((a, b) => a - b);
	const x = scaleBand<number>().domain(lengths).range([f.x0, f.x1]).padding(0.04);
	const y = scaleBand<number>().domain(depths).range([f.y0, f.y1]).padding(0.04);
	const rects = cells.map((c) => ({
		x: px(x(c.length) ?? 0),
		y: px(y(c.depth) ?? 0),
		w: px(x.bandwidth()),
		h: px(y.bandwidth()),
		cx: px((x(c.length) ?? 0) + x.bandwidth() / 2),
		cy: px((y(c.depth) ?? 0) + y.bandwidth() / 2),
		fill: heatColour(c.score),
		text: textOn(c.score),
		cell: c,
		label: `context ${contextTokens(c.length)} tokens, needle at ${c.depth}% depth: ${pct(c.score, 0)}% (n = ${c.n})`
	}));
	return {
		frame: f,
		lengths,
		depths,
		rects,
		xTicks: lengths.map((v) => ({ value: v, pos: px((x(v) ?? 0) + x.bandwidth() / 2), label: contextTokens(v) })),
		yTicks: depths.map((v) => ({ value: v, pos: px((y(v) ?? 0) + y.bandwidth() / 2), label: `${v}%` })),
		legend: HEAT_STOPS.map((colour, i) => ({ offset: i / (HEAT_STOPS.length - 1), colour }))
	};
}

/** Averages probe-level scores (0–1) into cells; probes carry `meta.contextLength` and `meta.depth`. */
export function heatCells(points: { length: number; depth: number; score: number }[]): HeatCell[] {
	const acc = new Map<string, { length: number; depth: number; sum: number; n: number }>();
	for (const p of points) {
		const k = `${p.length}:${p.depth}`;
		const a = acc.get(k) ?? { length: p.length, depth: p.depth, sum: 0, n: 0 };
		a.sum += p.score;
		a.n++;
		acc.set(k, a);
	}
	return [...acc.values()]
		.map((a) => ({ length: a.length, depth: a.depth, score: (100 * a.sum) / a.n, n: a.n }))
		.sort((a, b) => a.length - b.length || a.depth - b.depth);
}
