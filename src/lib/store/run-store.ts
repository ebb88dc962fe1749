// The run store over idb-keyval: run records and their answers, validated on the way in and on the way out.
// A record that fails validation is reported in `problems` and skipped; the others stay readable.
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { RunRecord, StoredAnswer } from './schema';
import { answerKey, answerRange, probeIdOfKey, runKey, runRange } from './keys';
import { readRunRecord } from './migrate';
import { isRunId, validateAnswer, validateRun } from './validate';

export interface StoreProblem {
	key: string;
	error: string;
}

export interface RunStore {
	putRun(record: RunRecord): Promise<void>;
	/** null when absent; an error result when stored but unreadable. */
	getRun(id: string): Promise<{ ok: true; record: RunRecord; migratedFrom?: number } | { ok: false; error: string } | null>;
	listRuns(): Promise<{ runs: RunRecord[]; problems: StoreProblem[] }>;
	/** Runs that can be resumed: ready, running (interrupted) or paused. */
	unfinishedRuns(): Promise<{ runs: RunRecord[]; problems: StoreProblem[] }>;
	renameRun(id: string, name: string): Promise<void>;
	deleteRun(id: string): Promise<void>;
	/** Writes a run and all its answers in one transaction (import): all or nothing. */
	putRunWithAnswers(record: RunRecord, answers: StoredAnswer[]): Promise<void>;
	/** Stores answers in one transaction: all or none. */
	saveAnswers(answers: StoredAnswer[]): Promise<void>;
	answers(runId: string): Promise<{ answers: StoredAnswer[]; problems: StoreProblem[] }>;
	/** Probe ids answered in a run, from keys alone (cheap). */
	answeredIds(runId: string): Promise<Set<string>>;
	countAnswers(runId: string): Promise<number>;
	/** Several runs for a comparison view, in the order asked; missing or unreadable ones are reported. */
	getRuns(ids: string[]): Promise<{ runs: RunRecord[]; problems: StoreProblem[] }>;
}

export const DEFAULT_DB_NAME = 'film-probe-runs';

function checkRun(record: RunRecord): void {
	if (!isRunId(record.id)) throw new Error(`invalid run id ${JSON.stringify(record.id)}`);
	const v = validateRun(record);
	if (!v.ok) throw new Error(`refusing to store an invalid run record: ${v.error}`);
}

function checkAnswers(answers: readonly StoredAnswer[]): void {
	for (const a of answers) {
		const v = validateAnswer(a);
		if (!v.ok) throw new Error(`refusing to store an invalid answer: ${v.error}`);
	}
}

export function createRunStore(dbName = DEFAULT_DB_NAME): RunStore {
	const db: UseStore = createStore(dbName, 'records');

	function readRecords(pairs: [IDBValidKey, unknown][]) {
		const runs: RunRecord[] = [];
		const problems: StoreProblem[] = [];
		for (const [key, raw] of pairs) {
			const r = readRunRecord(raw);
			if (r.ok) runs.push(r.value.record);
			else problems.push({ key: String(key), error: r.error });
		}
		runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
		return { runs, problems };
	}

	async function allRunPairs(): Promise<[IDBValidKey, unknown][]> {
		return db('readonly', async (s) => {
			const [keys, values] = await Promise.all([
				promisifyRequest(s.getAllKeys(runRange())),
				promisifyRequest(s.getAll(runRange()))
			]);
			return keys.map((k, i) => [k, values[i]] as [IDBValidKey, unknown]);
		});
	}

	const store: RunStore = {
		async putRun(record) {
			checkRun(record);
			await db('readwrite', (s) => {
				s.put(record, runKey(record.id));
				return promisifyRequest(s.transaction);
			});
		},

		async getRun(id) {
			const raw = await db('readonly', (s) => promisifyRequest(s.get(runKey(id))));
			if (raw === undefined) return null;
			const r = readRunRecord(raw);
			return r.ok ? { ok: true, ...r.value } : r;
		},

		async listRuns() {
			return readRecords(await allRunPairs());
		},

		async unfinishedRuns() {
			const all = await store.listRuns();
			const open = all.runs.filter((r) => r.status !== 'complete' && r.status !== 'cancelled');
			// The record's count is refreshed every few answers; after a crash the stored answers are the truth.
			const runs = await Promise.all(open.map(async (r) => ({ ...r, progress: { ...r.progress, done: await store.countAnswers(r.id) } })));
			return { runs, problems: all.problems };
		},

		async renameRun(id, name) {
			const trimmed = name.trim();
			if (!trimmed) throw new Error('a run name cannot be empty');
			const got = await store.getRun(id);
			if (!got) throw new Error(`no run ${id}`);
			if (!got.ok) throw new Error(`run ${id} cannot be read: ${got.error}`);
			await store.putRun({ ...got.record, name: trimmed, updatedAt: new Date().toISOString() });
		},

		async deleteRun(id) {
			await db('readwrite', (s) => {
				s.delete(answerRange(id));
				s.delete(runKey(id));
				return promisifyRequest(s.transaction);
			});
		},

		async putRunWithAnswers(record, answers) {
			checkRun(record);
			checkAnswers(answers);
			if (answers.some((a) => a.runId !== record.id)) throw new Error('every answer must belong to the run it is stored with');
			await db('readwrite', (s) => {
				for (const a of answers) s.put(a, answerKey(a.runId, a.probeId));
				s.put(record, runKey(record.id));
				return promisifyRequest(s.transaction);
			});
		},

		async saveAnswers(answers) {
			if (answers.length === 0) return;
			checkAnswers(answers);
			await db('readwrite', (s) => {
				for (const a of answers) s.put(a, answerKey(a.runId, a.probeId));
				return promisifyRequest(s.transaction);
			});
		},

		async answers(runId) {
			// Values first; keys are fetched only to name the culprits when something is wrong (rare, and it
			// saves a second pass over the run's key range on every re-open).
			const values = await db('readonly', (s) => promisifyRequest(s.getAll(answerRange(runId))));
			const answers: StoredAnswer[] = [];
			const bad: number[] = [];
			const seen = new Set<string>();
			values.forEach((raw, i) => {
				const v = validateAnswer(raw);
				if (v.ok && v.value.runId === runId && !seen.has(v.value.probeId)) {
					seen.add(v.value.probeId);
					answers.push(v.value);
				} else bad.push(i);
			});
			if (!bad.length) return { answers, problems: [] };
			const keys = await db('readonly', (s) => promisifyRequest(s.getAllKeys(answerRange(runId))));
			const problems: StoreProblem[] = [];
			const good: StoredAnswer[] = [];
			values.forEach((raw, i) => {
				const key = String(keys[i]);
				const v = validateAnswer(raw);
				if (!v.ok) problems.push({ key, error: v.error });
				else if (v.value.runId !== runId || probeIdOfKey(runId, keys[i]) !== v.value.probeId)
					problems.push({ key, error: 'the answer is stored under a key that is not its own' });
				else good.push(v.value);
			});
			return { answers: good, problems };
		},

		async answeredIds(runId) {
			const keys = await db('readonly', (s) => promisifyRequest(s.getAllKeys(answerRange(runId))));
			const ids = new Set<string>();
			for (const k of keys) {
				const id = probeIdOfKey(runId, k);
				if (id !== null) ids.add(id);
			}
			return ids;
		},

		async countAnswers(runId) {
			return db('readonly', (s) => promisifyRequest(s.count(answerRange(runId))));
		},

		async getRuns(ids) {
			const runs: RunRecord[] = [];
			const problems: StoreProblem[] = [];
			for (const id of ids) {
				const got = await store.getRun(id);
				if (!got) problems.push({ key: runKey(id), error: `no run ${id}` });
				else if (!got.ok) problems.push({ key: runKey(id), error: got.error });
				else runs.push(got.record);
			}
			return { runs, problems };
		}
	};
	return store;
}
