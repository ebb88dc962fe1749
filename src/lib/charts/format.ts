// Number formats shared by charts, tables and aria-labels, so the same value reads the same everywhere.

export function pct(v: number | null | undefined, digits = 1): string {
	return v == null || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

export function tokens(v: number | null | undefined): string {
	if (v == null || !Number.isFinite(v)) return '–';
	if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}K`;
	return String(Math.round(v));
}

/**
 * A context length as people say it: 4,096 tokens is "4K" and 32,768 is "32K" (binary K, as the home page and the
 * paper write them); other lengths as `tokens` gives them.
 */
export function contextTokens(v: number | null | undefined): string {
	if (v != null && Number.isInteger(v) && v >= 1024 && v % 1024 === 0) return `${v / 1024}K`;
	return tokens(v);
}

export function ms(v: number | null | undefined): string {
	if (v == null || !Number.isFinite(v)) return '–';
	return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
}

export function rate(v: number | null | undefined): string {
	return v == null || !Number.isFinite(v) ? '–' : `${v >= 100 ? Math.round(v) : v.toFixed(1)} tok/s`;
}

export function bytes(v: number | null | undefined): string {
	if (v == null || !Number.isFinite(v)) return '–';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let i = 0;
	let x = v;
	while (Math.abs(x) >= 1024 && i < units.length - 1) {
		x /= 1024;
		i++;
	}
	return `${i === 0 ? x : x.toFixed(1)} ${units[i]}`;
}

export function duration(msTotal: number | null | undefined): string {
	if (msTotal == null || !Number.isFinite(msTotal)) return '–';
	const s = Math.round(msTotal / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} min ${s % 60} s`;
	return `${Math.floor(m / 60)} h ${m % 60} min`;
}
