// The official VaLProbing-32K golds a user imported, kept once per task in their own IndexedDB database (runs never
// own them), so the paper's curves can be scored again on every visit without the 400 MB files. Versioned records,
// validated on the way in and out.
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { OfficialGoldRow } from '$lib/paper/official-golds';
import type { ProbeTask } from '$lib/paper/published';
import { arrayOf, bool, checked, int, isObject, nullable, num, oneOf, shape, str, type Check, type Result } from './check';
import { isQuotaError } from './storage';

export const OFFICIAL_GOLDS_DB = 'film-probe-official';
export const OFFICIAL_GOLDS_SCHEMA_VERSION = 1;

export interface OfficialGoldsRecord {
	schemaVersion: typeof OFFICIAL_GOLDS_SCHEMA_VERSION;
	task: ProbeTask;
	/** The file it came from, as the browser described it. */
	file: { name: string; size: number; lastModified: number | null };
	importedAt: string;
	/** Rows FILM's skip list leaves out. */
	skipped: number;
	rows: OfficialGoldRow[];
}

const gold: Check = (v, p) => {
	if (!isObject(v)) return `${p} should be an object`;
	if (v.kind === 'document' || v.kind === 'code') return shape({ completion: str })(v, p);
	if (v.kind === 'database') return shape({ label: str, description: str })(v, p);
	return `${p}.kind should be document, code or database`;
};

const recordCheck: Check = shape({
	schemaVersion: oneOf(OFFICIAL_GOLDS_SCHEMA_VERSION),
	task: oneOf('document', 'code', 'database'),
	file: shape({ name: str, size: num, lastModified: nullable(num) }),
	importedAt: str,
	skipped: int,
	rows: arrayOf(shape({ setId: int, positionId: int, gold, skip: bool }))
});

export function readOfficialGoldsRecord(raw: unknown): Result<OfficialGoldsRecord> {
	if (isObject(raw) && typeof raw.schemaVersion === 'number' && raw.schemaVersion > OFFICIAL_GOLDS_SCHEMA_VERSION)
		return { ok: false, error: `stored official golds of version ${raw.schemaVersion}, newer than this app reads (${OFFICIAL_GOLDS_SCHEMA_VERSION}); update the app or import the files again` };
	const r = checked<OfficialGoldsRecord>(recordCheck, raw, 'official golds');
	if (r.ok && r.value.rows.some((row) => row.gold.kind !== r.value.task)) return { ok: false, error: `official golds: a row's gold is not a ${r.value.task} gold` };
	return r;
}

export interface OfficialGoldsStore {
	put(record: OfficialGoldsRecord): Promise<void>;
	/** Every stored task; unreadable records are reported, not returned. */
	all(): Promise<{ records: OfficialGoldsRecord[]; problems: string[] }>;
	remove(task: ProbeTask): Promise<void>;
}

export function createOfficialGoldsStore(dbName = OFFICIAL_GOLDS_DB, db: UseStore = createStore(dbName, 'golds')): OfficialGoldsStore {
	const key = (task: ProbeTask) => `golds:${task}`;
	return {
		async put(record) {
			const bad = readOfficialGoldsRecord(record);
			if (!bad.ok) throw new Error(`refusing to store invalid official golds: ${bad.error}`);
			try {
				await db('readwrite', (s) => {
					s.put(record, key(record.task));
					return promisifyRequest(s.transaction);
				});
			} catch (e) {
				if (isQuotaError(e))
					throw new Error(`Browser storage is full: the ${record.task} golds (${record.rows.length} rows) could not be kept. Free some space (old runs, downloaded models) and import the file again.`);
				throw e;
			}
		},
		async all() {
			const values = await db('readonly', (s) => promisifyRequest(s.getAll()));
			const records: OfficialGoldsRecord[] = [];
			const problems: string[] = [];
			for (const v of values) {
				const r = readOfficialGoldsRecord(v);
				if (r.ok) records.push(r.value);
				else problems.push(r.error);
			}
			return { records, problems };
		},
		async remove(task) {
			await db('readwrite', (s) => {
				s.delete(key(task));
				return promisifyRequest(s.transaction);
			});
		}
	};
}
