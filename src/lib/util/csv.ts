// CSV as RFC 4180 writes it: a field is quoted when it holds a comma, a quote or a line break, or starts or ends
// with whitespace (spreadsheets trim those otherwise); quotes inside are doubled. Missing values and numbers that are
// not finite are empty fields.

export type CsvValue = string | number | boolean | null | undefined;

export function csvField(v: CsvValue): string {
	if (v === null || v === undefined) return '';
	const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
	return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header and rows as CSV text, every line ended by `eol` (RFC 4180's CRLF unless asked otherwise). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], eol: '\r\n' | '\n' = '\r\n'): string {
	return [header, ...rows].map((r) => r.map(csvField).join(',')).join(eol) + eol;
}
