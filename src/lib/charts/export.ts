// Export a chart as a standalone SVG file or a PNG, and its data as CSV. Charts draw with presentation attributes
// (fill, stroke, font-size) rather than stylesheet rules, so the serialized SVG looks the same outside the page.
import { wrapText } from './legend';

export const TITLE_FONT = 14;
const TITLE_LINE = 18;

/** The lines a chart's title takes in an exported file, and the band they need above the chart. */
export function titleBand(title: string, width: number): { lines: string[]; height: number } {
	const lines = title.trim() ? wrapText(title.trim(), width - 16, TITLE_FONT) : [];
	return { lines, height: lines.length ? 10 + lines.length * TITLE_LINE : 0 };
}
import { toCsv as csvText } from '$lib/util/csv';

export function standaloneSvg(markup: string, width: number, height: number): string {
	let s = markup;
	if (!/\sxmlns=/.test(s)) s = s.replace(/^<svg\b/, '<svg xmlns="http://www.w3.org/2000/svg"');
	if (!/\swidth=/.test(s.slice(0, s.indexOf('>')))) s = s.replace(/^<svg\b/, `<svg width="${width}" height="${height}"`);
	// Svelte leaves empty comments as anchors; they mean nothing outside the page.
	s = s.replace(/<!--[\s\S]*?-->/g, '');
	return `<?xml version="1.0" encoding="UTF-8"?>\n${s}`;
}

export function serializeSvg(svg: SVGSVGElement): string {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	// Focus rings and selection are page state, not part of the picture.
	clone.querySelectorAll('[tabindex]').forEach((el) => el.removeAttribute('tabindex'));
	const vb = svg.viewBox?.baseVal;
	const w = vb && vb.width ? vb.width : svg.clientWidth || 640;
	const h = vb && vb.height ? vb.height : svg.clientHeight || 320;
	clone.setAttribute('width', String(w));
	clone.setAttribute('height', String(h));
	return standaloneSvg(new XMLSerializer().serializeToString(clone), w, h);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The chart as a file: a page shows the title in the figure's caption, outside the SVG, and image viewers do not
 * draw `<title>`; so the title is drawn as text in a band above the chart, which moves down to make room.
 */
export function chartFile(svg: SVGSVGElement, title: string): { markup: string; width: number; height: number } {
	const vb = svg.viewBox?.baseVal;
	const w = vb && vb.width ? vb.width : svg.clientWidth || 640;
	const h = vb && vb.height ? vb.height : svg.clientHeight || 320;
	const band = titleBand(title, w);
	const clone = svg.cloneNode(true) as SVGSVGElement;
	clone.querySelectorAll('[tabindex]').forEach((el) => el.removeAttribute('tabindex'));
	const body = document.createElementNS(SVG_NS, 'g');
	body.setAttribute('transform', `translate(0 ${band.height})`);
	for (const child of [...clone.childNodes]) {
		const name = (child as Element).localName;
		if (name !== 'title' && name !== 'desc' && name !== 'defs') body.appendChild(child);
	}
	const bg = document.createElementNS(SVG_NS, 'rect');
	Object.entries({ x: '0', y: '0', width: String(w), height: String(h + band.height), fill: '#ffffff' }).forEach(([k, v]) => bg.setAttribute(k, v));
	clone.appendChild(bg);
	if (band.lines.length) {
		const text = document.createElementNS(SVG_NS, 'text');
		Object.entries({ x: '8', y: '0', 'font-family': 'system-ui, sans-serif', 'font-size': String(TITLE_FONT), 'font-weight': '600', fill: '#1a1a1a' }).forEach(([k, v]) =>
			text.setAttribute(k, v)
		);
		text.setAttribute('data-export-title', '');
		band.lines.forEach((line, i) => {
			const span = document.createElementNS(SVG_NS, 'tspan');
			span.setAttribute('x', '8');
			span.setAttribute('y', String(4 + TITLE_LINE * (i + 1) - 4));
			span.textContent = line;
			text.appendChild(span);
		});
		clone.appendChild(text);
	}
	clone.appendChild(body);
	clone.setAttribute('viewBox', `0 0 ${w} ${h + band.height}`);
	clone.setAttribute('width', String(w));
	clone.setAttribute('height', String(h + band.height));
	return { markup: standaloneSvg(new XMLSerializer().serializeToString(clone), w, h + band.height), width: w, height: h + band.height };
}

/** Renders SVG markup onto a white canvas at `scale`× and returns a PNG blob. */
export async function svgToPng(markup: string, width: number, height: number, scale = 2): Promise<Blob> {
	const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const img = new Image();
		img.width = width;
		img.height = height;
		await new Promise<void>((resolve, reject) => {
			img.onload = () => resolve();
			img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
			img.src = url;
		});
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(width * scale);
		canvas.height = Math.round(height * scale);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('no 2D canvas in this browser');
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png')
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}

export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A chart's data table as a CSV file: the app's one CSV rule (util/csv.ts), lines ended by LF. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
	return csvText(header, rows, '\n');
}

export function fileSlug(s: string): string {
	return (
		s
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'chart'
	);
}
