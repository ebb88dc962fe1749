// Legend placement inside the SVG (so exported files carry it): items flow in rows above the plot, each as wide as
// its label, and a label too long for a row wraps onto more lines. Nothing is truncated.

export interface LegendItem {
	label: string;
	colour: string;
	dash?: string | null;
	kind: 'line' | 'reference';
}

export interface PlacedLegendItem extends LegendItem {
	x: number;
	y: number;
	/** The label as drawn, one entry per line. */
	lines: string[];
}

export const LEGEND_ROW = 18;
export const LEGEND_FONT = 11;
/** Swatch and the space before the label. */
const SWATCH = 24;
/** Space between two items of a row. */
const ITEM_GAP = 16;

/**
 * An upper bound on a label's width in system-ui at `fontSize`: 0.62 em per character covers capitals and digits
 * (the average is nearer 0.5 em), so estimated boxes may leave air but never overlap.
 */
export function labelWidth(label: string, fontSize = LEGEND_FONT): number {
	return Math.ceil(label.length * fontSize * 0.62);
}

/** Breaks `text` at spaces (or, for one long word, anywhere) into lines no wider than `max` pixels. */
export function wrapText(text: string, max: number, fontSize = LEGEND_FONT): string[] {
	const perLine = Math.max(1, Math.floor(max / (fontSize * 0.62)));
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let w = word;
		while (w.length > perLine) {
			if (line) lines.push(line), (line = '');
			lines.push(w.slice(0, perLine));
			w = w.slice(perLine);
		}
		if (!line) line = w;
		else if (line.length + 1 + w.length <= perLine) line += ` ${w}`;
		else lines.push(line), (line = w);
	}
	if (line || !lines.length) lines.push(line);
	return lines;
}

export function placeLegend(items: LegendItem[], width: number, left: number, right = 16): PlacedLegendItem[] {
	const avail = Math.max(SWATCH + 20, width - left - right);
	const out: PlacedLegendItem[] = [];
	let x = left;
	let y = 12;
	let rowLines = 1;
	for (const it of items) {
		const lines = SWATCH + labelWidth(it.label) <= avail ? [it.label] : wrapText(it.label, avail - SWATCH);
		const w = SWATCH + Math.max(...lines.map((l) => labelWidth(l)));
		if (x > left && x + w > left + avail) {
			y += rowLines * LEGEND_ROW;
			x = left;
			rowLines = 1;
		}
		out.push({ ...it, x, y, lines });
		rowLines = Math.max(rowLines, lines.length);
		x += w + ITEM_GAP;
	}
	return out;
}

/** Height the placed legend takes above the plot (0 without items). */
export function legendHeight(placed: readonly PlacedLegendItem[]): number {
	if (!placed.length) return 0;
	const bottom = Math.max(...placed.map((p) => p.y + (p.lines.length - 1) * LEGEND_ROW));
	return bottom - 12 + LEGEND_ROW + 4;
}
