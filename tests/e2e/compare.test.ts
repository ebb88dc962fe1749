// Issue 18, point 7: comparing runs and reading charts. Compare defaults to runs of the same tasks and shows needle
// heatmaps and LongBench tables too; the Runs page selects what to compare; the paper's labels and the legends are
// whole and apart; heatmap cells open their answers; exported PNGs carry their title; the needle form is the needle's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright';
import { openApp, runPreset, SHOTS, type App } from './helpers';

let app: App;
beforeAll(async () => {
	app = await openApp();
}, 120_000);
afterAll(async () => {
	await app?.close();
});

interface Box {
	text: string;
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Rendered boxes of the chosen SVG texts of every position chart (in each chart's own coordinates). */
function textBoxes(page: Page, selector: string): Promise<{ width: number; boxes: Box[] }[]> {
	return page.locator('svg[data-chart=position]').evaluateAll(
		(svgs, sel) =>
			svgs.map((svg) => {
				const s = svg as SVGSVGElement;
				const boxes = [...s.querySelectorAll<SVGGraphicsElement>(sel)].map((t) => {
					const b = t.getBBox();
					const m = t.getCTM()!;
					const sm = s.getCTM()!;
					// Into the SVG's user space: undo the element's transforms relative to the SVG.
					const rel = sm.inverse().multiply(m);
					return { text: t.textContent ?? '', x: b.x + rel.e, y: b.y + rel.f, w: b.width, h: b.height };
				});
				return { width: s.viewBox.baseVal.width, boxes };
			}),
		selector
	);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('comparing runs', () => {
	it('defaults to runs of the same tasks, shows heatmaps and LongBench tables, and the Runs page selects', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		const needle = await runPreset(page, app.server.url, 'needle', 'Needle run');
		await runPreset(page, app.server.url, 'longdoc', 'LongBench demo run');
		const quickA = await runPreset(page, app.server.url, 'quick', 'Quick A');
		const quickB = await runPreset(page, app.server.url, 'quick', 'A quick run whose name is long enough to need the whole legend row');

		// Heatmap cells open their answers on the needle run's page.
		await page.goto(`${app.server.url}${needle}`);
		const heat = page.locator('svg[data-chart=heatmap]');
		await expect.poll(() => heat.locator('rect[role=button]').count(), { timeout: 60_000 }).toBe(44);
		const ticks = await heat.locator('text').allTextContents();
		expect(ticks).toEqual(expect.arrayContaining(['4K', '8K', '16K', '32K']));
		await heat.locator('rect[role=button]').nth(5).click();
		const answers = page.getByTestId('answer-browser');
		await expect.poll(() => answers.locator('tbody tr').count()).toBe(1);
		await answers.locator('tbody button').first().click();
		await expect.poll(() => page.getByTestId('answer-detail').textContent(), { timeout: 60_000 }).toContain('special magic number');
		await heat.locator('rect[role=button]').nth(6).focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => heat.locator('rect[aria-pressed=true]').count()).toBe(1);

		// No list in the link: the newest finished run and the other finished runs of its tasks.
		await page.goto(`${app.server.url}/compare`);
		const charts = page.locator('svg[data-chart=position]');
		await expect.poll(() => charts.count()).toBe(3);
		const seriesIds = await charts.first().locator('g[data-series]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-series')));
		expect(seriesIds.sort()).toEqual([quickA.split('/').pop(), quickB.split('/').pop()].sort());
		expect(await page.getByTestId('compare-needle').count()).toBe(0);

		// Every paper model ticked: direct labels apart, legends whole and inside the chart.
		for (const label of await page.locator('fieldset', { hasText: 'Paper reference lines' }).locator('label').all()) await label.locator('input').check();
		for (const { width, boxes } of await textBoxes(page, '[data-reference-label]')) {
			expect(boxes.length).toBe(8);
			for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${boxes[i].text} / ${boxes[j].text}`).toBe(false);
			for (const b of boxes) expect(b.x).toBeGreaterThanOrEqual(0), expect(b.x + b.w).toBeLessThanOrEqual(width);
		}
		for (const { width, boxes } of await textBoxes(page, '[data-legend-item]')) {
			expect(boxes.map((b) => b.text).join('|')).toContain('A quick run whose name is long enough to need the whole legend row');
			expect(boxes.map((b) => b.text).join('')).not.toContain('…');
			for (const b of boxes) expect(b.x + b.w).toBeLessThanOrEqual(width);
			for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${boxes[i].text} / ${boxes[j].text}`).toBe(false);
		}
		await page.screenshot({ path: `${SHOTS}/compare-paper-labels.png`, fullPage: true });

		// An exported PNG carries the chart's title: taller than the chart by the title band.
		const [download] = await Promise.all([page.waitForEvent('download'), page.locator('figure').first().getByRole('button', { name: 'PNG' }).click()]);
		const png = readFileSync((await download.path())!);
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
		const vb = await charts.first().evaluate((s) => (s as SVGSVGElement).viewBox.baseVal.height);
		expect(w).toBe(1280);
		expect(h).toBeGreaterThan(2 * vb);

		// Other tasks ticked in: their heatmap and LongBench table appear.
		await page.getByLabel('Needle run', { exact: false }).check();
		await page.getByLabel('LongBench demo run', { exact: false }).check();
		await expect.poll(() => page.getByTestId('compare-needle').locator('svg[data-chart=heatmap]').count()).toBe(1);
		await expect.poll(() => page.getByTestId('compare-longbench').locator('tr.run').count()).toBe(1);

		// The Runs page's selection opens exactly the ticked runs.
		await page.goto(`${app.server.url}/runs`);
		await page.getByLabel('Select Needle run to compare').check();
		await page.getByLabel('Select Quick A to compare').check();
		await expect.poll(() => page.getByTestId('compare-selected').textContent()).toBe('Compare the 2 selected runs');
		await page.getByTestId('compare-selected').click();
		await page.waitForURL(/\/compare\?runs=/);
		expect(new URL(page.url()).searchParams.get('runs')!.split(',').sort()).toEqual([needle.split('/').pop(), quickA.split('/').pop()].sort());
		await expect.poll(() => page.getByTestId('compare-needle').locator('svg[data-chart=heatmap]').count()).toBe(1);
		await expect.poll(() => charts.first().locator('g[data-series]').count()).toBe(1);
		await ctx.close();
		expect(app.errors).toEqual([]);
	}, 600_000);

	it('shows FILM’s bucket option only with FILM tasks', async () => {
		const ctx = await app.newContext();
		const page = await ctx.newPage();
		await page.goto(`${app.server.url}/run/new?preset=needle`);
		await expect.poll(() => page.getByTestId('estimate').textContent(), { timeout: 60_000 }).toMatch(/44/);
		expect(await page.getByLabel('Average buckets like the paper', { exact: false }).count()).toBe(0);
		await page.goto(`${app.server.url}/run/new?preset=quick`);
		await expect.poll(() => page.getByLabel('Average buckets like the paper', { exact: false }).count()).toBe(1);
		await ctx.close();
	}, 120_000);
});
