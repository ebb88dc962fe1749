// Position-vs-accuracy chart maths (SPEC.md §2, §5): bucket means with ±1 std bands, one series per run,
// optional paper reference lines. Pure: data in, pixel geometry out.
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { frame, px, type Frame, type Margin, type Tick } from './frame';
import { tokens as fmtTokens, pct } from './format';
import { runColour, runDash, REFERENCE_COLOUR } from './palette';
import { spreadLabels } from './labels';

/** One aggregated bucket as the scoring aggregate reports it (scores 0–100). */
export interface PositionBucket {
	start: number;
	end: number;
	mean: number;
	std: number;
	n: number;
	/** Mean token offset of the bucket's items, when the plan knows token offsets. */
	tokenOffset?: number | null;
}

export interface PositionSeries {
	id: string;
	label: string;
	buckets: PositionBucket[];
	/** Override the palette (e.g. to keep a run's colour stable across pages). */
	colour?: string;
	/** Override the dash pattern (the paper's own curves are dashed). */
	dash?: string | null;
	/** A run, or the paper's published answers scored here (drawn lighter, beside the runs). */
	kind?: 'run' | 'paper';
}

export interface ReferenceLine {
	label: string;
	value: number;
}

export type XMode = 'position' | 'token';

export interface PositionChartOptions {
	width?: number;
	height?: number;
	margin?: Margin;
	xMode?: XMode;
	/** Fixed x extent; by default the union of the series' buckets. */
	xDomain?: [number, number];
	yDomain?: [number, number];
	references?: ReferenceLine[];
}

export interface PositionPoint {
	seriesId: string;
	index: number;
	x: number;
	y: number;
	yLow: number;
	yHigh: number;
	bucket: PositionBucket;
	label: string;
}

export interface PositionSeriesLayout {
	id: string;
	label: string;
	colour: string;
	dash: string | null;
	kind: 'run' | 'paper';
	line: string;
	band: string;
	points: PositionPoint[];
}

export interface PositionLayout {
	frame: Frame;
	xMode: XMode;
	xLabel: string;
	yLabel: string;
	xTicks: Tick[];
	yTicks: Tick[];
	series: PositionSeriesLayout[];
	/** `labelY`: where the direct label sits, moved apart from the others' when values are close. */
	references: { label: string; value: number; y: number; labelY: number; colour: string; dash: string }[];
}

/** Vertical room a reference line's direct label needs (10 px text). */
export const REFERENCE_LABEL_GAP = 12;

/** Reference lines differ by dash as well as by their direct label. */
export const REFERENCE_DASHES = ['5 3', '1 3', '9 3 2 3'];

export function bucketX(b: PositionBucket, mode: XMode): number | null {
	if (mode === 'token') return b.tokenOffset ?? null;
	return (b.start + b.end) / 2;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function positionLayout(series: PositionSeries[], opts: PositionChartOptions = {}): PositionLayout {
	const f = frame(opts.width ?? 640, opts.height ?? 320, opts.margin);
	const xMode = opts.xMode ?? 'position';
	const yDomain = opts.yDomain ?? [0, 100];
	const xs = series.flatMap((s) =>
		s.buckets.flatMap((b) => {
			const x = bucketX(b, xMode);
			if (x == null) return [];
			return xMode === 'position' ? [b.start, b.end] : [x];
		})
	);
	const xDomain = opts.xDomain ?? (xs.length ? [Math.min(0, ...xs), Math.max(...xs)] : [0, 1]);
	if (xDomain[0] === xDomain[1]) xDomain[1] = xDomain[0] + 1;
	const x = scaleLinear().domain(xDomain).range([f.x0, f.x1]);
	const y = scaleLinear().domain(yDomain).range([f.y1, f.y0]);

	const layouts = series.map((s, i): PositionSeriesLayout => {
		const points: PositionPoint[] = [];
		s.buckets.forEach((b, index) => {
			const bx = bucketX(b, xMode);
			if (bx == null || !Number.isFinite(b.mean)) return;
			const std = Number.isFinite(b.std) ? b.std : 0;
			points.push({
				seriesId: s.id,
				index,
				x: px(x(bx)),
				y: px(y(b.mean)),
				yLow: px(y(clamp(b.mean - std, yDomain[0], yDomain[1]))),
				yHigh: px(y(clamp(b.mean + std, yDomain[0], yDomain[1]))),
				bucket: b,
				label: pointLabel(s.label, b, xMode)
			});
		});
		const lineGen = line<PositionPoint>()
			.x((p) => p.x)
			.y((p) => p.y)
			.digits(2);
		const bandGen = area<PositionPoint>()
			.x((p) => p.x)
			.y0((p) => p.yLow)
			.y1((p) => p.yHigh)
			.digits(2);
		return {
			id: s.id,
			label: s.label,
			colour: s.colour ?? runColour(i),
			dash: s.dash !== undefined ? s.dash : runDash(i),
			kind: s.kind ?? 'run',
			line: lineGen(points) ?? '',
			band: bandGen(points) ?? '',
			points
		};
	});

	return {
		frame: f,
		xMode,
		xLabel: xMode === 'token' ? 'Token offset of the item in the context' : 'Position of the item in the context',
		yLabel: 'Accuracy (%)',
		xTicks: x.ticks(6).map((v) => ({ value: v, pos: px(x(v)), label: xMode === 'token' ? fmtTokens(v) : String(v) })),
		yTicks: y.ticks(5).map((v) => ({ value: v, pos: px(y(v)), label: String(v) })),
		series: layouts,
		references: referenceLayout(opts.references ?? [], (v) => px(y(clamp(v, yDomain[0], yDomain[1]))), f)
	};
}

function referenceLayout(refs: ReferenceLine[], y: (v: number) => number, f: Frame): PositionLayout['references'] {
	const ys = refs.map((r) => y(r.value));
	// Labels sit 4 px above their line; spread them so no two overlap, inside the plot.
	const labelYs = spreadLabels(
		ys.map((v) => v - 4),
		REFERENCE_LABEL_GAP,
		f.y0 + 10,
		f.y1 - 2
	);
	return refs.map((r, i) => ({
		label: r.label,
		value: r.value,
		y: ys[i],
		labelY: labelYs[i],
		colour: REFERENCE_COLOUR,
		dash: REFERENCE_DASHES[i % REFERENCE_DASHES.length]
	}));
}

export function pointLabel(series: string, b: PositionBucket, mode: XMode): string {
	const where =
		mode === 'token' && b.tokenOffset != null
			? `positions ${b.start}–${b.end}, around token ${Math.round(b.tokenOffset)}`
			: `positions ${b.start}–${b.end}`;
	return `${series}, ${where}: ${pct(b.mean)}% ± ${pct(b.std)} (n = ${b.n})`;
}
