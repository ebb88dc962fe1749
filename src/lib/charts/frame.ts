// Chart frame geometry shared by every chart: outer size, margins, and the plotting area inside.

export interface Margin {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export interface Frame {
	width: number;
	height: number;
	margin: Margin;
	/** The plotting area. */
	x0: number;
	x1: number;
	y0: number;
	y1: number;
}

export const DEFAULT_MARGIN: Margin = { top: 16, right: 16, bottom: 44, left: 52 };

export function frame(width: number, height: number, margin: Margin = DEFAULT_MARGIN): Frame {
	return {
		width,
		height,
		margin,
		x0: margin.left,
		x1: Math.max(margin.left + 1, width - margin.right),
		y0: margin.top,
		y1: Math.max(margin.top + 1, height - margin.bottom)
	};
}

export interface Tick {
	value: number;
	/** Pixel position along the axis. */
	pos: number;
	label: string;
}

/** Rounds pixel positions so SVG output is short and stable across platforms. */
export function px(v: number): number {
	return Math.round(v * 100) / 100;
}
