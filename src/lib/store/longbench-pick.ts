// Picked or dropped LongBench files → validated rows → one stored rows record, right away, so the New run page
// can show what was kept and a run from the file can later be resumed. Each file is streamed through the
// importer on its own (its own report, its own line numbers); a fatal problem in any file keeps nothing.
import { describeReport, importLongbench, type ImportReport } from '$lib/tasks/longbench/import';
import { LongbenchImportError, type ByteSource } from '$lib/tasks/longbench/lines';
import type { LongbenchRow } from '$lib/tasks/longbench/row';
import { fileSource } from '$lib/tasks/longbench/sources';
import { bytesSha256, makeRowsRecord, type PickedFileInfo } from './longbench-rows';
import { LongbenchRowsError, type LongbenchRowsStore } from './longbench-rows-store';

export interface PickOptions {
	signal?: AbortSignal;
	/** Bytes read so far over all the files, and their total size. */
	onProgress?: (read: number, total: number) => void;
	now?: Date;
}

export interface KeptFiles {
	/** What the New run settings record (LongbenchFileChoice): names, the rows' key and how many rows. */
	choice: { name: string; rowsKey: string; rows: number };
	reports: ImportReport[];
	/** describeReport of each file, for the page. */
	summaries: string[];
	/** Rows left out because an earlier file already gave a row of the same dataset and _id. */
	duplicatesAcrossFiles: number;
}

/** A pick that came to nothing, worded for the page; `aborted` when the user cancelled (nothing to show). */
export class PickError extends Error {
	constructor(
		message: string,
		readonly aborted = false
	) {
		super(message);
		this.name = 'PickError';
	}
}

const FORMAT_HINT =
	'A LongBench file holds one JSON object per line with "context", "input", "answers" and "dataset", as the files in LongBench’s data.zip do.';

/** What went wrong with `file`, and what to do about it. */
export function pickErrorMessage(e: unknown, file: string): string {
	const why = e instanceof Error ? e.message : String(e);
	if (e instanceof LongbenchRowsError) return why;
	if (e instanceof LongbenchImportError) {
		if (e.kind === 'no-rows') return `${why} ${FORMAT_HINT} Pick another file, or remove it to use the URL or the demo set.`;
		if (e.kind === 'not-utf8') return `${file}: ${why}`;
		if (e.kind === 'read-failed') return `${file}: ${why} If the file was moved or changed after it was picked, pick it again.`;
	}
	return `Could not import ${file}: ${why}`;
}

/** The file's stream, counting bytes on the way for a progress bar. */
function countedSource(file: Blob, onRead: (bytes: number) => void): ByteSource {
	let read = 0;
	// fileSource gives File.stream(), a ReadableStream, so it can be piped.
	return (fileSource(file) as ReadableStream<Uint8Array>).pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, out) {
				read += chunk.byteLength;
				onRead(read);
				out.enqueue(chunk);
			}
		})
	);
}

function infoOf(file: File, sha256: string | null): PickedFileInfo {
	return { name: file.name, size: file.size, lastModified: Number.isFinite(file.lastModified) ? file.lastModified : null, sha256 };
}

/** Imports every file, stores the kept rows under their content key, and returns the settings' choice. */
export async function keepPickedFiles(files: readonly File[], store: LongbenchRowsStore, opts: PickOptions = {}): Promise<KeptFiles> {
	if (files.length === 0) throw new PickError('No file was picked.');
	const total = files.reduce((n, f) => n + f.size, 0);
	const rows: LongbenchRow[] = [];
	const reports: ImportReport[] = [];
	const seen = new Set<string>();
	let before = 0;
	let duplicatesAcrossFiles = 0;
	for (const file of files) {
		let got: { rows: LongbenchRow[]; report: ImportReport };
		try {
			got = await importLongbench(
				countedSource(file, (n) => opts.onProgress?.(before + n, total)),
				{ sourceName: file.name, signal: opts.signal }
			);
		} catch (e) {
			if (e instanceof LongbenchImportError && e.kind === 'aborted') throw new PickError(e.message, true);
			throw new PickError(pickErrorMessage(e, file.name));
		}
		before += file.size;
		reports.push(got.report);
		for (const r of got.rows) {
			const key = `${r.dataset}\u0000${r.id}`;
			if (seen.has(key)) duplicatesAcrossFiles++;
			else {
				seen.add(key);
				rows.push(r);
			}
		}
	}
	const infos = await Promise.all(files.map(async (f) => infoOf(f, await bytesSha256(f).catch(() => null))));
	const record = await makeRowsRecord(rows, infos, reports, opts.now);
	if (opts.signal?.aborted) throw new PickError('Import cancelled.', true);
	try {
		await store.put(record);
	} catch (e) {
		throw new PickError(pickErrorMessage(e, files.map((f) => f.name).join(', ')));
	}
	return {
		choice: { name: files.map((f) => f.name).join(', '), rowsKey: record.key, rows: rows.length },
		reports,
		summaries: reports.map(describeReport),
		duplicatesAcrossFiles
	};
}
