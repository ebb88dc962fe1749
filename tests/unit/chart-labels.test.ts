// Issue 18, point 7: legends are never cut off and the paper's direct labels never overlap.
import { describe, expect, it } from 'vitest';
import { labelWidth, legendHeight, placeLegend, wrapText, LEGEND_ROW } from '$lib/charts/legend';
import { spreadLabels } from '$lib/charts/labels';
import { positionLayout, REFERENCE_LABEL_GAP } from '$lib/charts/position';
import { PAPER_TABLE_1 } from '$lib/charts/paper';

const item = (label: string) => ({ label, colour: '#000', kind: 'line' as const });

describe('legend layout', () => {
	const labels = [
		'FILM-7B q4f16_1 on this laptop, 32K contexts, every position',
		'Mistral-7B-Instruct-v0.2 (paper) Avg',
		'GPT-4-Turbo (paper) Avg',
		'FILM-7B (paper) Avg',
		'r'
	];
	it('shows every label whole, inside the chart, with no two items overlapping', () => {
		for (const width of [320, 480, 640]) {
			const placed = placeLegend(labels.map(item), width, 52);
			expect(placed.map((p) => p.lines.join(' '))).toEqual(labels);
			const boxes = placed.map((p) => ({ x0: p.x, x1: p.x + 24 + Math.max(...p.lines.map((l) => labelWidth(l))), y0: p.y, y1: p.y + p.lines.length * LEGEND_ROW }));
			for (const b of boxes) expect(b.x1).toBeLessThanOrEqual(width - 16);
			for (let i = 0; i < boxes.length; i++)
				for (let j = i + 1; j < boxes.length; j++) {
					const [a, b] = [boxes[i], boxes[j]];
					expect(a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0, `${labels[i]} / ${labels[j]} at ${width}`).toBe(true);
				}
			expect(legendHeight(placed)).toBeGreaterThanOrEqual(Math.max(...boxes.map((b) => b.y1)) - 12);
		}
	});
	it('wraps a label longer than a row at spaces instead of cutting it', () => {
		const lines = wrapText('Document (sentences, bi-directional): accuracy by position', 120);
		expect(lines.join(' ')).toBe('Document (sentences, bi-directional): accuracy by position');
		for (const l of lines) expect(labelWidth(l)).toBeLessThanOrEqual(120);
		expect(wrapText('x'.repeat(40), 70).join('')).toBe('x'.repeat(40));
	});
});

describe('reference labels', () => {
	it('keep their order and stay at least a label apart inside the plot', () => {
		const ys = spreadLabels([100, 101, 99.5, 200, 20], 12, 16, 280);
		expect(ys[3]).toBe(200);
		const sorted = [ys[4], ys[2], ys[0], ys[1]];
		for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(12);
		expect(Math.min(...ys)).toBeGreaterThanOrEqual(16);
		// Squeezed against the bottom edge they move up, not out.
		const low = spreadLabels([279, 280, 280], 12, 16, 280);
		expect(Math.max(...low)).toBeLessThanOrEqual(280);
		expect([...low].sort((a, b) => a - b)[2] - [...low].sort((a, b) => a - b)[0]).toBeGreaterThanOrEqual(24);
		expect(spreadLabels([], 12, 0, 10)).toEqual([]);
	});
	it('never overlap for any pair of the paper’s Table 1 models on any task', () => {
		for (const task of ['document', 'code', 'database'] as const) {
			const references = PAPER_TABLE_1.map((r) => ({ label: r.model, value: r[task].avg }));
			const layout = positionLayout([], { references });
			const ys = layout.references.map((r) => r.labelY).sort((a, b) => a - b);
			for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1], task).toBeGreaterThanOrEqual(REFERENCE_LABEL_GAP - 0.01);
			for (const y of ys) expect(y).toBeGreaterThanOrEqual(layout.frame.y0);
		}
	});
});
