import { describe, expect, it } from 'vitest';
import { positionLayout, bucketX, type PositionSeries } from '$lib/charts/position';
import { heatCells, heatColour, heatmapLayout, textOn } from '$lib/charts/heatmap';
import { speedBins, speedLayout } from '$lib/charts/speed';
import { allOf, avgGapRows } from '$lib/charts/avg-gap';
import { PAPER_TABLE_1 } from '$lib/charts/paper';
import { PAPER_TABLE2, LONGBENCH_DATASETS } from '$lib/tasks/longbench';
import { runColour, RUN_COLOURS } from '$lib/charts/palette';
import { standaloneSvg, toCsv, fileSlug } from '$lib/charts/export';
import { placeLegend, legendHeight } from '$lib/charts/legend';

const twoBuckets: PositionSeries = {
	id: 'a',
	label: 'Run A',
	buckets: [
		{ start: 0, end: 49, mean: 100, std: 0, n: 4, tokenOffset: 100 },
		{ start: 50, end: 99, mean: 50, std: 10, n: 4, tokenOffset: 1900 }
	]
};

describe('position chart maths', () => {
	it('maps bucket midpoints and means onto the plot area', () => {
		const l = positionLayout([twoBuckets], { width: 200, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 10 } });
		expect(l.frame).toMatchObject({ x0: 10, x1: 190, y0: 10, y1: 110 });
		const [p0, p1] = l.series[0].points;
		// x domain 0…99 over 180 px; midpoint 24.5 → 10 + 24.5/99·180
		expect(p0.x).toBeCloseTo(10 + (24.5 / 99) * 180, 1);
		expect(p0.y).toBe(10); // 100 % at the top
		expect(p1.y).toBe(60); // 50 % halfway down
		expect(p1.yLow).toBe(70); // 40 %
		expect(p1.yHigh).toBe(50); // 60 %
		expect(l.series[0].line).toBe(`M${p0.x},10L${p1.x},60`);
	});

	it('clamps the ±1 std band to 0–100', () => {
		const l = positionLayout([{ id: 'x', label: 'X', buckets: [{ start: 0, end: 9, mean: 95, std: 20, n: 4 }] }]);
		const p = l.series[0].points[0];
		expect(p.yHigh).toBe(l.frame.y0);
	});

	it('uses token offsets on the x axis in token mode and skips buckets without them', () => {
		expect(bucketX(twoBuckets.buckets[1], 'token')).toBe(1900);
		expect(bucketX({ start: 0, end: 9, mean: 1, std: 0, n: 1 }, 'token')).toBeNull();
		const l = positionLayout([twoBuckets], { xMode: 'token' });
		expect(l.xLabel).toMatch(/Token offset/);
		expect(l.xTicks.map((t) => t.label)).toContain('1K');
	});

	it('gives each run its own Okabe–Ito colour and draws reference lines', () => {
		const l = positionLayout([twoBuckets, { ...twoBuckets, id: 'b', label: 'B' }], {
			references: [{ label: 'FILM-7B (paper)', value: 85.4 }]
		});
		expect(l.series.map((s) => s.colour)).toEqual([RUN_COLOURS[0], RUN_COLOURS[1]]);
		expect(l.references[0].y).toBeCloseTo(l.frame.y1 - 0.854 * (l.frame.y1 - l.frame.y0), 1);
		expect(runColour(8)).toBe(RUN_COLOURS[0]);
	});

	it('labels points for screen readers', () => {
		const l = positionLayout([twoBuckets]);
		expect(l.series[0].points[1].label).toBe('Run A, positions 50–99: 50.0% ± 10.0 (n = 4)');
	});

	it('matches the snapshot of a known three-bucket run', () => {
		const l = positionLayout(
			[
				{
					id: 'r',
					label: 'R',
					buckets: [0, 1, 2].map((i) => ({ start: i * 50, end: i * 50 + 49, mean: [90, 60, 80][i], std: [5, 12, 3][i], n: 4 }))
				}
			],
			{ width: 320, height: 160, references: [{ label: 'paper', value: 85.9 }] }
		);
		expect({ line: l.series[0].line, band: l.series[0].band, x: l.xTicks, y: l.yTicks, ref: l.references }).toMatchSnapshot();
	});

	it('handles no data without NaN', () => {
		const l = positionLayout([{ id: 'e', label: 'empty', buckets: [] }]);
		expect(l.series[0].line).toBe('');
		expect(JSON.stringify(l)).not.toContain('NaN');
	});
});

describe('needle heatmap maths', () => {
	const cells = heatCells([
		{ length: 1000, depth: 0, score: 1 },
		{ length: 1000, depth: 0, score: 0 },
		{ length: 1000, depth: 50, score: 1 },
		{ length: 4000, depth: 0, score: 0 },
		{ length: 4000, depth: 50, score: 1 }
	]);
	it('averages probe scores into length × depth cells in percent', () => {
		expect(cells).toEqual([
			{ length: 1000, depth: 0, score: 50, n: 2 },
			{ length: 1000, depth: 50, score: 100, n: 1 },
			{ length: 4000, depth: 0, score: 0, n: 1 },
			{ length: 4000, depth: 50, score: 100, n: 1 }
		]);
	});
	it('lays cells on a band grid with lengths on x and depths on y', () => {
		const l = heatmapLayout(cells, { width: 220, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 10 } });
		expect(l.lengths).toEqual([1000, 4000]);
		expect(l.depths).toEqual([0, 50]);
		const [a, , c] = l.rects;
		expect(c.x).toBeGreaterThan(a.x);
		expect(l.rects[1].y).toBeGreaterThan(a.y);
		expect(a.label).toBe('context 1K tokens, needle at 0% depth: 50% (n = 2)');
		expect(l.xTicks.map((t) => t.label)).toEqual(['1K', '4K']);
		expect(l.rects.map((r) => [r.x, r.y, r.w, r.h, r.fill])).toMatchSnapshot();
	});
	it('uses dark colours for failure, light for success, with readable text', () => {
		expect(heatColour(0)).toBe('rgb(0, 32, 77)');
		expect(heatColour(100)).toBe('rgb(255, 234, 70)');
		expect(heatColour(150)).toBe(heatColour(100));
		expect(textOn(0)).toBe('#ffffff');
		expect(textOn(100)).toBe('#000000');
	});
});

describe('speed chart maths', () => {
	const samples = [
		{ promptTokens: 1000, ttftMs: 100, prefillTokensPerS: 10000, decodeTokensPerS: 50 },
		{ promptTokens: 1010, ttftMs: 300, prefillTokensPerS: 3000, decodeTokensPerS: 40 },
		{ promptTokens: 1020, ttftMs: 200, prefillTokensPerS: null, decodeTokensPerS: 45 },
		{ promptTokens: 8000, ttftMs: 2000, prefillTokensPerS: 4000, decodeTokensPerS: 30 }
	];
	it('bins answers by prompt length and reports medians', () => {
		expect(speedBins(samples, 1024)).toEqual([
			{ promptTokens: 1010, ttftMs: 200, prefillTokensPerS: 6500, decodeTokensPerS: 45, n: 3 },
			{ promptTokens: 8000, ttftMs: 2000, prefillTokensPerS: 4000, decodeTokensPerS: 30, n: 1 }
		]);
	});
	it('lays out one metric with a nice y axis', () => {
		const l = speedLayout([{ id: 's', label: 'S', bins: speedBins(samples) }], 'ttftMs', { width: 300, height: 200 });
		expect(l.yTicks.at(-1)!.value).toBe(2000);
		expect(l.series[0].points).toHaveLength(2);
		expect(l.series[0].points[1].label).toBe('S, about 8K tokens: time to first token 2.00 s (median of 1)');
		expect(l.series[0].line).toMatchSnapshot();
	});
	it('skips bins without the metric', () => {
		const l = speedLayout([{ id: 's', label: 'S', bins: [{ promptTokens: 5, ttftMs: null, prefillTokensPerS: null, decodeTokensPerS: null, n: 1 }] }], 'ttftMs');
		expect(l.series[0].points).toEqual([]);
	});
});

describe('paper figures and Avg/Gap rows', () => {
	it('holds Table 1 and Table 2 as printed', () => {
		expect(PAPER_TABLE_1).toHaveLength(8);
		const film = PAPER_TABLE_1.find((r) => r.model === 'FILM-7B')!;
		expect(film.code).toEqual({ avg: 83.3, gap: 18.7 });
		expect(PAPER_TABLE2.find((r) => r.model === 'FILM-7B')!.scores.hotpotqa).toBe(62.1);
		expect(Object.keys(PAPER_TABLE2[0].scores)).toEqual(LONGBENCH_DATASETS.map((d) => d.name));
	});
	it("reproduces the paper's 'all' column as the mean of the three tasks", () => {
		for (const r of PAPER_TABLE_1) {
			const all = allOf(r)!;
			expect(Math.abs(all.avg - r.all.avg)).toBeLessThanOrEqual(0.06);
			expect(Math.abs(all.gap - r.all.gap)).toBeLessThanOrEqual(0.06);
		}
	});
	it('puts runs first, then the chosen paper rows', () => {
		const rows = avgGapRows([{ id: 'r1', label: 'mine', tasks: { code: { avg: 50, gap: 10 } } }], ['FILM-7B']);
		expect(rows.map((r) => r.label)).toEqual(['mine', 'FILM-7B (paper)']);
		expect(rows[0].cells.all).toBeNull();
		expect(rows[0].cells.code).toEqual({ avg: 50, gap: 10 });
	});
});

describe('export helpers', () => {
	it('makes serialized SVG standalone', () => {
		const s = standaloneSvg('<svg viewBox="0 0 10 10"><!----><rect/></svg>', 10, 10);
		expect(s).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>');
	});
	it('quotes CSV cells that need it', () => {
		expect(toCsv(['a', 'b'], [['x,y', 'he said "hi"'], [1, null]])).toBe('a,b\n"x,y","he said ""hi"""\n1,\n');
	});
	it('makes file names safe', () => {
		expect(fileSlug('Position vs accuracy: code (run #1)')).toBe('position-vs-accuracy-code-run-1');
	});
	it('places legend items in rows, each as wide as its label', () => {
		const items = placeLegend(['r1', 'a much longer run name', 'r3'].map((label) => ({ label, colour: '#000', kind: 'line' as const })), 300, 52);
		expect(items.map((i) => [i.x, i.y])).toEqual([[52, 12], [106, 12], [52, 30]]);
		expect(items.map((i) => i.lines)).toEqual([['r1'], ['a much longer run name'], ['r3']]);
		expect(legendHeight(items)).toBe(40);
		expect(legendHeight([])).toBe(0);
	});
});
