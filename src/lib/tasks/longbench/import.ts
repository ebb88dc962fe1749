// LongBench JSONL in, validated rows and a report out. Bad rows are skipped and listed; a fatal problem
// (not UTF-8, an unknown dataset asked for, a failed read, no usable row) throws, and then nothing is returned,
// so a caller never holds a half-imported file.
import { canonicalDatasetName, isLongbenchDataset, unknownDatasetMessage } from './datasets';
import { LongbenchImportError, readLines, type ByteSource, type LineOptions } from './lines';
import { checkRow, type LongbenchRow } from './row';

export interface ImportOptions extends LineOptions {
	/** Keep only these datasets (names as in LongBench); an unknown name is a fatal error before any reading. */
	datasets?: string[];
	/** Keep at most this many rows per dataset (the rest are counted as filtered, never held). */
	maxPerDataset?: number;
	/** Dataset of rows without a `dataset` field. */
	fallbackDataset?: string;
	/** Shown in messages (file name or URL). */
	sourceName?: string;
}

export interface SkippedRow {
	line: number;
	id?: string;
	reason: string;
}

export interface ImportReport {
	source: string;
	/** Non-blank lines read. */
	lines: number;
	imported: number;
	perDataset: Record<string, number>;
	/** Valid rows left out by `datasets` / `maxPerDataset`. */
	filtered: number;
	skippedCount: number;
	/** The first 200 skipped rows, in file order. */
	skipped: SkippedRow[];
	/** Every skip reason with how often it occurred. */
	skipReasons: Record<string, number>;
}

export interface ImportResult {
	rows: LongbenchRow[];
	report: ImportReport;
}

const LISTED_SKIPS = 200;

/** Shorter reason keys for the tally: "unknown dataset "x"; expected …" groups under its first clause. */
function reasonKey(reason: string): string {
	return reason.split(';')[0].replace(/"[^"]*"/g, (m) => (m.length > 24 ? '"…"' : m));
}

export async function importLongbench(source: ByteSource, opts: ImportOptions = {}): Promise<ImportResult> {
	const wanted = opts.datasets?.map((name) => {
		const canon = canonicalDatasetName(name);
		if (!isLongbenchDataset(canon)) throw new LongbenchImportError('unknown-dataset', unknownDatasetMessage(name));
		return canon;
	});
	if (opts.fallbackDataset !== undefined && !isLongbenchDataset(canonicalDatasetName(opts.fallbackDataset)))
		throw new LongbenchImportError('unknown-dataset', unknownDatasetMessage(opts.fallbackDataset));

	const report: ImportReport = {
		source: opts.sourceName ?? 'input',
		lines: 0,
		imported: 0,
		perDataset: {},
		filtered: 0,
		skippedCount: 0,
		skipped: [],
		skipReasons: {}
	};
	const rows: LongbenchRow[] = [];
	const seen = new Map<string, number>();
	const skip = (line: number, reason: string, id?: string) => {
		report.skippedCount++;
		const key = reasonKey(reason);
		report.skipReasons[key] = (report.skipReasons[key] ?? 0) + 1;
		if (report.skipped.length < LISTED_SKIPS) report.skipped.push(id ? { line, id, reason } : { line, reason });
	};

	for await (const line of readLines(source, opts)) {
		if ('tooLongChars' in line) {
			report.lines++;
			skip(line.lineNo, `line is ${line.tooLongChars} characters long, over the limit`);
			continue;
		}
		if (line.text.trim() === '') continue;
		report.lines++;
		let parsed: unknown;
		try {
			parsed = JSON.parse(line.text);
		} catch (e) {
			skip(line.lineNo, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
			continue;
		}
		const check = checkRow(parsed, line.lineNo, opts.fallbackDataset);
		if (!check.ok) {
			skip(line.lineNo, check.reason, check.id);
			continue;
		}
		const { row } = check;
		const key = `${row.dataset}\u0000${row.id}`;
		const first = seen.get(key);
		if (first !== undefined) {
			skip(line.lineNo, `duplicate _id (first on line ${first})`, row.id);
			continue;
		}
		seen.set(key, line.lineNo);
		const have = report.perDataset[row.dataset] ?? 0;
		if ((wanted && !wanted.includes(row.dataset)) || (opts.maxPerDataset !== undefined && have >= opts.maxPerDataset)) {
			report.filtered++;
			continue;
		}
		report.perDataset[row.dataset] = have + 1;
		report.imported++;
		rows.push(row);
	}

	if (rows.length === 0) {
		const reasons = Object.entries(report.skipReasons)
			.sort((a, b) => b[1] - a[1])
			.slice(0, 3)
			.map(([r, n]) => `${r} (${n}×)`)
			.join('; ');
		const why = report.lines === 0 ? 'the file is empty' : reasons ? `skipped: ${reasons}` : 'every row was filtered out';
		throw new LongbenchImportError('no-rows', `No usable LongBench row in ${report.source}: ${why}.`);
	}
	return { rows, report };
}

/** A one-paragraph summary for a CLI or a toast. */
export function describeReport(r: ImportReport): string {
	const per = Object.entries(r.perDataset)
		.map(([d, n]) => `${d} ${n}`)
		.join(', ');
	const head = `Imported ${r.imported} of ${r.lines} rows from ${r.source} (${per}).`;
	const filtered = r.filtered ? ` ${r.filtered} valid rows left out by the dataset filter or limit.` : '';
	if (r.skippedCount === 0) return head + filtered;
	const reasons = Object.entries(r.skipReasons)
		.map(([why, n]) => `${n}× ${why}`)
		.join('; ');
	return `${head}${filtered} Skipped ${r.skippedCount}: ${reasons}.`;
}
