// Legend placement inside the SVG (so exported files carry it): fixed-width items in rows above the plot.

export interface LegendItem {
	label: string;
	colour: string;
	dash?: string | null;
	kind: 'line' | 'reference';
}

export interface PlacedLegendItem extends LegendItem {
	x: number;
	y: number;
}

export const LEGEND_ROW = 18;

export function placeLegend(items: LegendItem[], width: number, left: number, itemWidth = 200): PlacedLegendItem[] {
	const perRow = Math.max(1, Math.floor((width - left) / itemWidth));
	return items.map((it, i) => ({
		...it,
		x: left + (i % perRow) * itemWidth,
		y: 12 + Math.floor(i / perRow) * LEGEND_ROW
	}));
}

export function legendHeight(count: number, width: number, left: number, itemWidth = 200): number {
	if (count === 0) return 0;
	const perRow = Math.max(1, Math.floor((width - left) / itemWidth));
	return Math.ceil(count / perRow) * LEGEND_ROW + 4;
}

export function truncate(label: string, max = 30): string {
	return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}
