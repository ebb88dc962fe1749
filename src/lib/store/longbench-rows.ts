// The rows kept from a picked LongBench file, as a versioned record under a content key. A run built from a
// file records only "file:NAME" and this key in its task options; resuming or re-opening it rebuilds the plan
// from these rows. The raw file (possibly 500 MB) is never stored: the validated rows are all a plan needs.
import type { LongbenchRow } from '$lib/tasks/longbench/row';
import type { ImportReport } from '$lib/tasks/longbench/import';
import { LONGBENCH_DATASET_NAMES } from '$lib/tasks/longbench/datasets';
import { arrayOf, checked, int, isObject, nullable, num, oneOf, optional, recordOf, shape, str, type Check, type Result } from './check';
import { canonicalJson, sha256Hex, sha256HexOfBytes } from './hash';

export const LONGBENCH_ROWS_SCHEMA_VERSION = 1;

/** One picked file, as far as the browser tells us about it. */
export interface PickedFileInfo {
	name: string;
	size: number;
	lastModified: number | null;
	/** SHA-256 of the file's bytes; null when the file was too large to hash cheaply (see BYTE_HASH_LIMIT). */
	sha256: string | null;
}

export interface LongbenchRowsRecord {
	schemaVersion: typeof LONGBENCH_ROWS_SCHEMA_VERSION;
	/** rowsKeyOf(rows): equal rows share one record whichever file or run they came from. */
	key: string;
	provenance: { files: PickedFileInfo[]; importedAt: string; reports: ImportReport[] };
	rowCount: number;
	rows: LongbenchRow[];
}

/** Files up to this size get a byte hash too (read once more, whole); larger ones would cost memory for little. */
export const BYTE_HASH_LIMIT = 32 * 1024 * 1024;

export const ROWS_KEY_PATTERN = /^[0-9a-f]{64}$/;

/** What a row contributes to the key: everything a plan reads. `line` only names rows in messages, so the
 * same rows from a file with an extra blank line share a record. */
function rowContent(r: LongbenchRow) {
	return { id: r.id, dataset: r.dataset, input: r.input, context: r.context, answers: r.answers, allClasses: r.allClasses, length: r.length };
}

/**
 * SHA-256 over the per-row hashes of the rows' canonical JSON, in order. Hashing row by row keeps a large import
 * from ever becoming one giant string (a full LongBench download would pass V8's string limit).
 */
export async function rowsKeyOf(rows: readonly LongbenchRow[]): Promise<string> {
	const parts: string[] = [];
	for (const r of rows) parts.push(await sha256Hex(canonicalJson(rowContent(r))));
	return sha256Hex(`longbench-rows-v1\n${parts.join('\n')}`);
}

export async function bytesSha256(file: Blob): Promise<string | null> {
	if (file.size > BYTE_HASH_LIMIT) return null;
	return sha256HexOfBytes(await file.arrayBuffer());
}

export async function makeRowsRecord(
	rows: LongbenchRow[],
	files: PickedFileInfo[],
	reports: ImportReport[],
	now = new Date()
): Promise<LongbenchRowsRecord> {
	return {
		schemaVersion: LONGBENCH_ROWS_SCHEMA_VERSION,
		key: await rowsKeyOf(rows),
		provenance: { files, importedAt: now.toISOString(), reports },
		rowCount: rows.length,
		rows
	};
}

const stringList = arrayOf(str);
const rowCheck: Check = shape({
	id: str,
	dataset: oneOf(...LONGBENCH_DATASET_NAMES),
	input: str,
	context: str,
	answers: stringList,
	allClasses: nullable(stringList),
	length: nullable(num),
	line: int
});
const reportCheck: Check = shape({
	source: str,
	lines: int,
	imported: int,
	perDataset: recordOf(int),
	filtered: int,
	skippedCount: int,
	skipped: arrayOf(shape({ line: int, reason: str, id: optional(str) })),
	skipReasons: recordOf(int)
});
const fileCheck: Check = shape({ name: str, size: num, lastModified: nullable(num), sha256: nullable(str) });
const keyCheck: Check = (v, p) => (typeof v === 'string' && ROWS_KEY_PATTERN.test(v) ? null : `${p} should be a SHA-256 in hex`);

export const rowsRecordCheck: Check = shape({
	schemaVersion: oneOf(LONGBENCH_ROWS_SCHEMA_VERSION),
	key: keyCheck,
	provenance: shape({ files: arrayOf(fileCheck), importedAt: str, reports: arrayOf(reportCheck) }),
	rowCount: int,
	rows: arrayOf(rowCheck)
});

/**
 * A stored value as a record, or why not: the shape, the row count, and that the rows still hash to the key
 * (a record edited or half-written by something else is refused rather than run as if it were the file).
 */
export async function readRowsRecord(raw: unknown): Promise<Result<LongbenchRowsRecord>> {
	if (isObject(raw) && typeof raw.schemaVersion === 'number' && raw.schemaVersion > LONGBENCH_ROWS_SCHEMA_VERSION)
		return { ok: false, error: `the stored rows were written by a newer version of this app (schema ${raw.schemaVersion})` };
	const r = checked<LongbenchRowsRecord>(rowsRecordCheck, raw, 'rows');
	if (!r.ok) return r;
	if (r.value.rows.length === 0) return { ok: false, error: 'the record holds no rows' };
	if (r.value.rowCount !== r.value.rows.length)
		return { ok: false, error: `the record holds ${r.value.rows.length} rows but says ${r.value.rowCount}` };
	if ((await rowsKeyOf(r.value.rows)) !== r.value.key) return { ok: false, error: 'the stored rows no longer match their key' };
	return r;
}
