// Byte counts for people. Memory, model weights and caches are binary (GiB, as WebGPU limits and web-llm's sizes
// are); data files read by the page are decimal (MB), as operating systems show file sizes.

const SIZE = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 } as const;
export type ByteUnit = keyof typeof SIZE;

const BINARY: readonly ByteUnit[] = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const DECIMAL: readonly ByteUnit[] = ['B', 'KB', 'MB', 'GB', 'TB'];

export interface ByteFormat {
	/** Always this unit (a progress line that should not change units halfway); default: the largest that keeps ≥ 1. */
	unit?: ByteUnit;
	/** Digits after the point; default 1. Whole bytes never get any. */
	digits?: number;
	/** Without `unit`: powers of 1000 (KB, MB, GB) instead of 1024. */
	decimal?: boolean;
}

function unitFor(bytes: number, o: ByteFormat): ByteUnit {
	if (o.unit) return o.unit;
	const ladder = o.decimal ? DECIMAL : BINARY;
	let i = 0;
	while (i < ladder.length - 1 && Math.abs(bytes) >= SIZE[ladder[i + 1]]) i++;
	return ladder[i];
}

const amount = (bytes: number, unit: ByteUnit, digits = 1) => (unit === 'B' ? String(bytes) : (bytes / SIZE[unit]).toFixed(digits));

export function formatBytes(bytes: number, o: ByteFormat = {}): string {
	const unit = unitFor(bytes, o);
	return `${amount(bytes, unit, o.digits)} ${unit}`;
}

/** Progress through a total, both in the total's unit: "2.00 of 4.00 GiB". */
export function formatBytesOf(done: number, total: number, o: ByteFormat = {}): string {
	const unit = unitFor(total, o);
	return `${amount(done, unit, o.digits)} of ${amount(total, unit, o.digits)} ${unit}`;
}

/** GPU memory and weight sizes, as the fit check and the models page state them: always GiB, one decimal. */
export const gib = (bytes: number): string => formatBytes(bytes, { unit: 'GiB' });
