// Stored LongBench rows in their own IndexedDB database (not the run store): a record is shared by every run
// built from the same rows, so deleting a run never touches it, and the run store's key ranges stay as they are.
// Rows are left in place when runs go (no reference count): a stale record costs disk, a missing one costs the
// user a re-pick, and picking the same file again rewrites the same key.
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { LongbenchRow } from '$lib/tasks/longbench/row';
import type { Result } from './check';
import { readRowsRecord, rowsRecordCheck, ROWS_KEY_PATTERN, type LongbenchRowsRecord } from './longbench-rows';
import { formatBytes } from '$lib/util/bytes';
import { isQuotaError } from './storage';

export const LONGBENCH_ROWS_DB = 'film-probe-longbench-rows';

export type RowsErrorKind = 'missing' | 'unreadable' | 'quota' | 'write-failed';

export class LongbenchRowsError extends Error {
	constructor(
		readonly kind: RowsErrorKind,
		message: string
	) {
		super(message);
		this.name = 'LongbenchRowsError';
	}
}

export interface LongbenchRowsStore {
	/** Validates and writes a record; a full disk becomes a LongbenchRowsError of kind "quota". */
	put(record: LongbenchRowsRecord): Promise<void>;
	/** null when absent; an error result when stored but unreadable. */
	get(key: string): Promise<Result<LongbenchRowsRecord> | null>;
	/** The rows a plan is rebuilt from; `name` (the file's) only words the error when they are gone. */
	rows(key: string, name: string): Promise<LongbenchRow[]>;
	keys(): Promise<string[]>;
}

const idbKey = (key: string) => `rows:${key}`;

/** Roughly what the rows take on disk (UTF-16 text), for the quota message. */
function approxBytes(rows: readonly LongbenchRow[]): number {
	let chars = 0;
	for (const r of rows) chars += r.context.length + r.input.length + r.answers.reduce((n, a) => n + a.length, 0);
	return chars * 2;
}

export function fileNamesOf(record: LongbenchRowsRecord): string {
	return record.provenance.files.map((f) => f.name).join(', ') || 'the picked file';
}

export function createLongbenchRowsStore(dbName = LONGBENCH_ROWS_DB, db: UseStore = createStore(dbName, 'rows')): LongbenchRowsStore {
	const store: LongbenchRowsStore = {
		async put(record) {
			const bad = rowsRecordCheck(record, 'rows');
			if (bad) throw new Error(`refusing to store invalid LongBench rows: ${bad}`);
			try {
				await db('readwrite', (s) => {
					s.put(record, idbKey(record.key));
					return promisifyRequest(s.transaction);
				});
			} catch (e) {
				const name = fileNamesOf(record);
				if (isQuotaError(e))
					throw new LongbenchRowsError(
						'quota',
						`Browser storage is full: the ${record.rowCount} rows kept from ${name} (about ${formatBytes(approxBytes(record.rows), { decimal: true })}) ` +
							'could not be saved, and a run from a file needs them saved so it can be resumed, so none is started. ' +
							'Free some space (delete old runs on the Runs page, or downloaded models on the Models page), or use a smaller file, then pick it again.'
					);
				throw new LongbenchRowsError('write-failed', `The rows kept from ${name} could not be saved: ${(e as Error)?.message ?? String(e)}.`);
			}
		},

		async get(key) {
			if (!ROWS_KEY_PATTERN.test(key)) return { ok: false, error: `"${key}" is not a stored-rows key` };
			const raw = await db('readonly', (s) => promisifyRequest(s.get(idbKey(key))));
			return raw === undefined ? null : readRowsRecord(raw);
		},

		async rows(key, name) {
			const got = await store.get(key);
			if (got === null)
				throw new LongbenchRowsError(
					'missing',
					`The rows of ${name} are no longer stored in this browser (its site data may have been cleared). ` +
						'Pick the same file again under LongBench on the New run page: its rows are saved again under the same key, and the runs built from it can then be opened and resumed.'
				);
			if (!got.ok)
				throw new LongbenchRowsError(
					'unreadable',
					`The stored rows of ${name} cannot be read (${got.error}). Pick the same file again on the New run page to save them afresh.`
				);
			return got.value.rows;
		},

		async keys() {
			const all = await db('readonly', (s) => promisifyRequest(s.getAllKeys()));
			return all.filter((k): k is string => typeof k === 'string' && k.startsWith('rows:')).map((k) => k.slice(5));
		}
	};
	return store;
}
