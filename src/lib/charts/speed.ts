// Speed chart maths: time to first token, prefill and decode tokens/s against context length.
// Answers are binned by prompt length and each bin reports its median, so a 9,400-answer run draws a few points.
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { median } from 'd3-array';
import { frame, px, type Frame, type Margin, type Tick } from './frame';
import { ms, rate, tokens } from './format';
import { runColour, runDash } from './palette';

export type SpeedMetric = 'ttftMs' | 'prefillTokensPerS' | 'decodeTokensPerS';

export const SPEED_METRICS: { id: SpeedMetric; label: string; unit: string }[] = [
	{ id: 'ttftMs', label: 'Time to first token', unit: 'ms' },
	{ id: 'prefillTokensPerS', label: 'Prefill speed', unit: 'tokens/s' },
	{ id: 'decodeTokensPerS', label: 'Decode speed', unit: 'tokens/s' }
];

export interface SpeedSample {
	promptTokens: number;
	ttftMs: number | null;
	prefillTokensPerS: number | null;
	decodeTokensPerS: number | null;
}

export interface SpeedBin {
	/** Median prompt length of the bin's answers. */
	promptTokens: number;
	ttftMs: number | null;
	prefillTokensPerS: number | null;
	decodeTokensPerS: number | null;
	n: number;
}

export function speedBins(samples: SpeedSample[], binTokens = 1024): SpeedBin[] {
	const groups = new Map<number, SpeedSample[]>();
	for (const s of samples) {
		if (!Number.isFinite(s.promptTokens)) continue;
		const k = Math.floor(s.promptTokens / binTokens);
		const g = groups.get(k);
		if (g) g.push(s);
		else groups.set(k, [s]);
	}
	const med = (g: SpeedSample[], m: SpeedMetric) => {
		const v = median(g, (s) => (s[m] != null && Number.isFinite(s[m]) ? (s[m] as number) : undefined));
		return v ?? null;
	};
	return [...groups.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([, g]) => ({
			promptTokens: median(g, (s) => s.promptTokens) ?? 0,
			ttftMs: med(g, 'ttftMs'),
			prefillTokensPerS: med(g, 'prefillTokensPerS'),
			decodeTokensPerS: med(g, 'decodeTokensPerS'),
			n: g.length
		}));
}

export interface SpeedSeries {
	id: string;
	label: string;
	bins: SpeedBin[];
	colour?: string;
}

export interface SpeedPoint {
	seriesId: string;
	x: number;
	y: number;
	bin: SpeedBin;
	label: string;
}

export interface SpeedLayout {
	frame: Frame;
	metric: SpeedMetric;
	xLabel: string;
	yLabel: string;
	xTicks: Tick[];
	yTicks: Tick[];
	series: { id: string; label: string; colour: string; dash: string | null; line: string; points: SpeedPoint[] }[];
}

export function formatMetric(metric: SpeedMetric, v: number | null): string {
	return metric === 'ttftMs' ? ms(v) : rate(v);
}

export function speedLayout(
	series: SpeedSeries[],
	metric: SpeedMetric,
	opts: { width?: number; height?: number; margin?: Margin } = {}
): SpeedLayout {
	const f = frame(opts.width ?? 640, opts.height ?? 280, opts.margin ?? { top: 16, right: 16, bottom: 44, left: 64 });
	const all = series.flatMap((s) => s.bins.filter((b) => b[metric] != null));
	const xMax = Math.max(1, ...all.map((b) => b.promptTokens));
	const yMax = Math.max(1, ...all.map((b) => b[metric] as number));
	const x = scaleLinear().domain([0, xMax]).range([f.x0, f.x1]).nice();
	const y = scaleLinear().domain([0, yMax]).range([f.y1, f.y0]).nice();
	const meta = SPEED_METRICS.find((m) => m.id === metric)!;
	return {
		frame: f,
		metric,
		xLabel: 'Prompt length (tokens)',
		yLabel: `${meta.label} (${meta.unit})`,
		xTicks: x.ticks(6).map((v) => ({ value: v, pos: px(x(v)), label: tokens(v) })),
		yTicks: y.ticks(5).map((v) => ({ value: v, pos: px(y(v)), label: String(v) })),
		series: series.map((s, i) => {
			const points = s.bins
				.filter((b) => b[metric] != null)
				.map((b) => ({
					seriesId: s.id,
					x: px(x(b.promptTokens)),
					y: px(y(b[metric] as number)),
					bin: b,
					label: `${s.label}, about ${tokens(b.promptTokens)} tokens: ${meta.label.toLowerCase()} ${formatMetric(metric, b[metric])} (median of ${b.n})`
				}));
			return {
				id: s.id,
				label: s.label,
				colour: s.colour ?? runColour(i),
				dash: runDash(i),
				line:
					line<SpeedPoint>()
						.x((p) => p.x)
						.y((p) => p.y)
						.digits(2)(points) ?? '',
				points
			};
		})
	};
}
