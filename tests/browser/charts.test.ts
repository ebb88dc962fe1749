import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { render } from '../helpers/mount';
import PositionChart from '$lib/components/charts/PositionChart.svelte';
import NeedleHeatmap from '$lib/components/charts/NeedleHeatmap.svelte';
import SpeedChart from '$lib/components/charts/SpeedChart.svelte';
import AvgGapTable from '$lib/components/charts/AvgGapTable.svelte';
import { chartFile, serializeSvg, svgToPng } from '$lib/charts/export';
import type { PositionSeries } from '$lib/charts/position';

/** Svelte's anchors, scoped class hashes and instance ids vary between builds; the picture does not. */
function normalize(html: string): string {
	return html
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/\s?svelte-[a-z0-9]+/g, '')
		.replace(/ class=""/g, '')
		.replace(/\b[a-z]\d+-(t|d|g)\b/g, 'ID-$1')
		.replace(/></g, '>\n<');
}

const run: PositionSeries = {
	id: 'r1',
	label: 'FILM-7B q4f32_1',
	buckets: [
		{ start: 0, end: 49, mean: 92, std: 4, n: 200, tokenOffset: 1000 },
		{ start: 50, end: 99, mean: 71.5, std: 9.25, n: 200, tokenOffset: 3000 },
		{ start: 100, end: 149, mean: 88, std: 2, n: 200, tokenOffset: 5000 }
	]
};

describe('PositionChart', () => {
	it('renders the known run to a stable SVG', () => {
		const host = render(PositionChart, { title: 'Document: accuracy by position', series: [run], references: [{ label: 'FILM-7B (paper)', value: 85.4 }] });
		const svg = host.querySelector('svg')!;
		expect(normalize(svg.outerHTML)).toMatchSnapshot();
	});

	it('is accessible: title, desc, focusable labelled points, a data table', () => {
		const host = render(PositionChart, { title: 'Code', series: [run] });
		const svg = host.querySelector('svg')!;
		const ids = svg.getAttribute('aria-labelledby')!.split(' ');
		expect(document.getElementById(ids[0])!.textContent).toBe('Code');
		expect(document.getElementById(ids[1])!.textContent).toContain('from 71.5% to 92.0%');
		const points = [...svg.querySelectorAll('circle[tabindex="0"]')];
		expect(points).toHaveLength(3);
		expect(points[1].getAttribute('aria-label')).toBe('FILM-7B q4f32_1, positions 50–99: 71.5% ± 9.3 (n = 200)');
		const rows = host.querySelectorAll('table tbody tr');
		expect(rows).toHaveLength(3);
		expect(rows[1].textContent).toContain('71.5');
	});

	it('selects a bucket by click and by keyboard', () => {
		const picked: number[] = [];
		const host = render(PositionChart, { title: 'x', series: [run], onselect: (p: { index: number }) => picked.push(p.index) });
		const points = host.querySelectorAll<SVGCircleElement>('circle[role="button"]');
		points[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
		points[0].focus();
		expect(document.activeElement).toBe(points[0]);
		points[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
		points[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
		expect(picked).toEqual([2, 0]);
	});

	it('draws one colour per run', () => {
		const host = render(PositionChart, { title: 'x', series: [run, { ...run, id: 'r2', label: 'other' }] });
		const strokes = [...host.querySelectorAll('g[data-series] > path[fill="none"]')].map((p) => p.getAttribute('stroke'));
		expect(strokes).toEqual(['#0072B2', '#D55E00']);
	});

	it('exports a standalone SVG and a PNG', async () => {
		const host = render(PositionChart, { title: 'x', series: [run] });
		const text = serializeSvg(host.querySelector('svg')!);
		expect(text.startsWith('<?xml')).toBe(true);
		expect(text).toContain('width="640"');
		expect(text).not.toContain('tabindex');
		const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
		expect(doc.querySelector('parsererror')).toBeNull();
		const png = await svgToPng(text, 640, 320, 1);
		expect(png.type).toBe('image/png');
		const bytes = new Uint8Array(await png.arrayBuffer());
		expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
		const bmp = await createImageBitmap(png);
		expect([bmp.width, bmp.height]).toEqual([640, 320]);
	});
});

describe('NeedleHeatmap', () => {
	const cells = [
		{ length: 1000, depth: 0, score: 100, n: 2 },
		{ length: 1000, depth: 50, score: 50, n: 2 },
		{ length: 8000, depth: 0, score: 0, n: 2 },
		{ length: 8000, depth: 50, score: 100, n: 2 }
	];
	it('renders known cells to a stable SVG', () => {
		const host = render(NeedleHeatmap, { title: 'Needle', cells });
		expect(normalize(host.querySelector('svg')!.outerHTML)).toMatchSnapshot();
	});
	it('labels every cell and reports the worst one', () => {
		const host = render(NeedleHeatmap, { title: 'Needle', cells, onselect: () => {} });
		const rects = host.querySelectorAll('rect[role="button"]');
		expect(rects).toHaveLength(4);
		expect(rects[2].getAttribute('aria-label')).toBe('context 8K tokens, needle at 0% depth: 0% (n = 2)');
		expect(host.querySelector('desc')!.textContent).toContain('lowest 0.0% at 8K tokens, 0% depth');
	});
});

describe('NeedleHeatmap cells', () => {
	const cells = [
		{ length: 4096, depth: 0, score: 100, n: 1 },
		{ length: 4096, depth: 50, score: 0, n: 1 },
		{ length: 32768, depth: 0, score: 100, n: 1 },
		{ length: 32768, depth: 50, score: 100, n: 1 }
	];
	it('are buttons that open a cell only where the page can open it', () => {
		const plain = render(NeedleHeatmap, { title: 'Needle', cells });
		expect(plain.querySelectorAll('rect[role="button"]')).toHaveLength(0);
		expect(plain.querySelectorAll('rect[tabindex]')).toHaveLength(0);

		const picked: string[] = [];
		const host = render(NeedleHeatmap, { title: 'Needle', cells, selected: { length: 4096, depth: 50 }, onselect: (c: { length: number; depth: number }) => picked.push(`${c.length}@${c.depth}`) });
		const rects = host.querySelectorAll<SVGRectElement>('rect[role="button"]');
		expect(rects).toHaveLength(4);
		expect([...rects].map((r) => r.getAttribute('aria-pressed'))).toEqual(['false', 'true', 'false', 'false']);
		rects[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
		rects[1].dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
		expect(picked).toEqual(['32768@0', '4096@50']);
	});
	it('name context lengths 4K … 32K, as the home page does', () => {
		const host = render(NeedleHeatmap, { title: 'Needle', cells });
		const ticks = [...host.querySelectorAll('svg text')].map((t) => t.textContent);
		expect(ticks).toContain('4K');
		expect(ticks).toContain('32K');
		expect(ticks.join(' ')).not.toMatch(/4\.1K|32\.8K/);
	});
});

describe('exported charts', () => {
	it('carry their title, drawn above the chart, in the SVG and in the PNG', async () => {
		const title = 'Database (entities, forward): accuracy by position';
		const host = render(PositionChart, { title, series: [run] });
		const f = chartFile(host.querySelector('svg')!, title);
		const doc = new DOMParser().parseFromString(f.markup, 'image/svg+xml');
		expect(doc.querySelector('parsererror')).toBeNull();
		expect(doc.querySelector('[data-export-title]')!.textContent).toBe(title);
		const band = f.height - 320;
		expect(band).toBeGreaterThan(0);
		expect(doc.documentElement.getAttribute('viewBox')).toBe(`0 0 640 ${f.height}`);

		const png = await svgToPng(f.markup, f.width, f.height, 1);
		const bmp = await createImageBitmap(png);
		expect([bmp.width, bmp.height]).toEqual([640, f.height]);
		const canvas = new OffscreenCanvas(bmp.width, bmp.height);
		const ctx = canvas.getContext('2d')!;
		ctx.drawImage(bmp, 0, 0);
		const dark = (y0: number, y1: number) => {
			const d = ctx.getImageData(0, y0, 640, y1 - y0).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 200) n++;
			return n;
		};
		// Ink in the title band: the title is in the picture, not only in the file's metadata.
		expect(dark(0, band)).toBeGreaterThan(50);
		// Without a title there is no band and nothing moves.
		expect(chartFile(host.querySelector('svg')!, '').height).toBe(320);
	});
	it('wrap a long title instead of cutting it off', () => {
		const host = render(PositionChart, { title: 't', series: [run], width: 320 });
		const long = 'Document (sentences, bi-directional): accuracy by position, FILM-7B q4f16_1 against the paper';
		const f = chartFile(host.querySelector('svg')!, long);
		const doc = new DOMParser().parseFromString(f.markup, 'image/svg+xml');
		const spans = [...doc.querySelectorAll('[data-export-title] tspan')].map((t) => t.textContent);
		expect(spans.length).toBeGreaterThan(1);
		expect(spans.join(' ')).toBe(long);
	});
});

describe('SpeedChart', () => {
	const series = [
		{
			id: 's',
			label: 'run',
			bins: [
				{ promptTokens: 1000, ttftMs: 120, prefillTokensPerS: 8000, decodeTokensPerS: 40, n: 5 },
				{ promptTokens: 16000, ttftMs: 2600, prefillTokensPerS: 6100, decodeTokensPerS: 31, n: 5 }
			]
		}
	];
	it('renders known bins to a stable SVG', () => {
		const host = render(SpeedChart, { series });
		expect(normalize(host.querySelector('svg')!.outerHTML)).toMatchSnapshot();
	});
	it('switches metric with the select', () => {
		const host = render(SpeedChart, { series });
		const select = host.querySelector('select')!;
		select.value = 'decodeTokensPerS';
		select.dispatchEvent(new Event('change', { bubbles: true }));
		flushSync();
		expect(host.querySelector('title')!.textContent).toContain('decode speed');
		expect(host.querySelector('circle')!.getAttribute('aria-label')).toContain('40.0 tok/s');
	});
});

describe('AvgGapTable', () => {
	it('shows runs beside the paper rows', () => {
		const host = render(AvgGapTable, {
			runs: [{ id: 'r', label: 'mine', tasks: { document: { avg: 80, gap: 5 }, code: { avg: 70, gap: 10 }, database: { avg: 90, gap: 15 } } }],
			paperModels: ['FILM-7B']
		});
		const rows = [...host.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
		expect(rows).toEqual([
			['mine', '80.0', '5.0', '70.0', '10.0', '90.0', '15.0', '80.0', '10.0'],
			['FILM-7B (paper)', '85.4', '6.1', '83.3', '18.7', '89.0', '16.8', '85.9', '13.9']
		]);
	});
});
