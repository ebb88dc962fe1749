// Chart maths for the speed panel: figures against context length as SVG paths. Pure (tested without a browser).
import type { SpeedRow } from './types';

export interface Series {
	label: string;
	points: [number, number][];
}

export interface MiniChart {
	title: string;
	unit: string;
	width: number;
	height: number;
	paths: { label: string; d: string; dots: [number, number][] }[];
	xTicks: { x: number; label: string }[];
	yMax: number;
}

export const PAD = { left: 36, right: 8, top: 8, bottom: 20 };

/** Log2 x (lengths double along a ladder), linear y from 0. */
export function miniChart(title: string, unit: string, series: Series[], width = 240, height = 140): MiniChart {
	const xs = series.flatMap((s) => s.points.map(([x]) => x)).filter((x) => x > 0);
	const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
	const x0 = Math.log2(xs.length ? Math.min(...xs) : 1), x1 = Math.log2(xs.length ? Math.max(...xs) : 2);
	const yMax = Math.max(...ys, 0) * 1.1 || 1;
	const w = width - PAD.left - PAD.right, h = height - PAD.top - PAD.bottom;
	const sx = (x: number) => PAD.left + (x1 === x0 ? w / 2 : ((Math.log2(x) - x0) / (x1 - x0)) * w);
	const sy = (y: number) => PAD.top + h - (y / yMax) * h;
	const paths = series.map((s) => {
		const dots = s.points.filter(([x, y]) => x > 0 && Number.isFinite(y)).map(([x, y]): [number, number] => [+sx(x).toFixed(1), +sy(y).toFixed(1)]);
		return { label: s.label, dots, d: dots.map(([x, y], i) => `${i ? 'L' : 'M'}${x},${y}`).join('') };
	});
	const xTicks = [...new Set(xs)].sort((a, b) => a - b).map((x) => ({ x: +sx(x).toFixed(1), label: x >= 1024 ? `${+(x / 1024).toFixed(1)}K` : String(x) }));
	return { title, unit, width, height, paths, xTicks, yMax };
}

export function speedCharts(rows: SpeedRow[]): MiniChart[] {
	const pts = (f: (r: SpeedRow) => number): [number, number][] => rows.map((r) => [r.n, f(r)]);
	return [
		miniChart('prefill', 'tokens/s', [{ label: 'one-shot prefill', points: pts((r) => r.prefillTokS) }]),
		miniChart('decode', 'tokens/s', [{ label: 'decode at N', points: pts((r) => r.decodeTokS) }]),
		miniChart('one question', 's', [
			{ label: 'as one chunk', points: pts((r) => r.questionChunkS) },
			{ label: 'as decode steps', points: pts((r) => r.questionDecodeS) }
		])
	];
}
