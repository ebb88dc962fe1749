// Export a chart as a standalone SVG file or a PNG, and its data as CSV. Charts draw with presentation attributes
// (fill, stroke, font-size) rather than stylesheet rules, so the serialized SVG looks the same outside the page.
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
