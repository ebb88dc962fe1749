// The run store, the runner and the export path against Chromium's own IndexedDB and Web Crypto.
import { describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { createRunStore } from '$lib/store/run-store';
import { idbRunSink } from '$lib/store/idb-sink';
import { answerKey, runKey } from '$lib/store/keys';
import { estimateStorage } from '$lib/util/storage-estimate';
import { exportRunJson } from '$lib/store/export/run-file';
import { importRunFile } from '$lib/store/export/import';
import { newRunRecord } from '$lib/runner/new-run';
import { appEnvironment } from '$lib/runner/app-env';
import { createFakeEngine } from '../fakes/fake-engine';
import { createRunControl } from '$lib/runner/control';
import { executeRun } from '$lib/runner/execute';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { createWakeLock } from '$lib/runner/wake-lock';
import v1 from '../fixtures/runs/v1-run.json';

const plans = () => [syntheticPlan({ task: 'document', sets: 3, positions: 50, prefixTokens: 3000, suffixTokens: 30 })];
let n = 0;
const dbName = () => `browser-runs-${Date.now()}-${n++}`;

async function newRun(store: ReturnType<typeof createRunStore>) {
	const record = await newRunRecord({ name: 'browser', plans: plans(), engine: createFakeEngine({ prefixReuse: true }), env: appEnvironment() });
	await store.putRun(record);
	return record;
}

describe('runs in Chromium IndexedDB', () => {
	it('records the browser and the build in provenance', async () => {
		const record = await newRun(createRunStore(dbName()));
		expect(record.provenance.userAgent).toBe(navigator.userAgent);
		expect(record.provenance.appVersion).toBe(__APP_VERSION__);
		expect(record.provenance.appCommit).toBe(__APP_COMMIT__);
	});

	it('resumes after a reload without asking twice or losing an answer', async () => {
		const db = dbName();
		const store = createRunStore(db);
		const record = await newRun(store);
		const control = createRunControl();
		const first = createFakeEngine({ prefixReuse: true, beforeAnswer: (c) => c === 61 && control.pause() });
		expect((await executeRun({ runId: record.id, plans: plans(), engine: first, sink: idbRunSink(store, record.id), signal: control.signal })).status).toBe('paused');

		const reopened = createRunStore(db);
		expect((await reopened.unfinishedRuns()).runs.map((r) => r.progress.done)).toEqual([61]);
		const second = createFakeEngine({ prefixReuse: true });
		expect((await executeRun({ runId: record.id, plans: plans(), engine: second, sink: idbRunSink(reopened, record.id) })).status).toBe('complete');
		const asked = [...first.calls.slice(0, 61), ...second.calls].map((c) => c.prompt.slice(-30));
		expect(new Set(asked).size).toBe(150);
		expect(asked).toHaveLength(150);
		expect(await reopened.countAnswers(record.id)).toBe(150);
		// One context prefill per set across both sessions, plus one more where the pause cut set 1 in two.
		expect(first.prefilled + second.prefilled).toBe(4 * 3000 + 150 * 30);
	});

	it('skips corrupt records and answers, keeping the rest', async () => {
		const db = dbName();
		const store = createRunStore(db);
		const record = await newRun(store);
		await executeRun({ runId: record.id, plans: plans(), engine: createFakeEngine(), sink: idbRunSink(store, record.id) });
		const raw = createStore(db, 'records');
		await set(runKey('junk'), 'not a record', raw);
		await set(runKey(v1.id), v1, raw);
		await set(answerKey(record.id, 'document-s0-p0'), { score: 'high' }, raw);
		const list = await store.listRuns();
		expect(list.runs.map((r) => r.id).sort()).toEqual([record.id, v1.id].sort());
		expect(list.problems).toEqual([{ key: runKey('junk'), error: 'the run record is not an object' }]);
		const answers = await store.answers(record.id);
		expect(answers.answers).toHaveLength(149);
		expect(answers.problems.map((p) => p.key)).toEqual([answerKey(record.id, 'document-s0-p0')]);
	});

	it('exports and re-imports a run; a foreign file imports nothing', async () => {
		const store = createRunStore(dbName());
		const record = await newRun(store);
		await executeRun({ runId: record.id, plans: plans(), engine: createFakeEngine({ answer: () => 'sentence number 1 of set 0' }), sink: idbRunSink(store, record.id) });
		const got = await store.getRun(record.id);
		if (!got?.ok) throw new Error('missing');
		const text = await exportRunJson(got.record, (await store.answers(record.id)).answers);
		const other = createRunStore(dbName());
		expect(await importRunFile(other, text)).toEqual({ status: 'imported', id: record.id, answers: 150 });
		expect(await importRunFile(other, text)).toEqual({ status: 'duplicate', id: record.id });
		const foreign = await importRunFile(other, '{"samples": ["x"]}\n{"samples": ["y"]}');
		expect(foreign).toMatchObject({ status: 'error', error: expect.stringMatching(/FILM answer file/) });
		expect((await other.listRuns()).runs).toHaveLength(1);
	});

	it('reads the storage estimate and the wake lock API as this browser offers them', async () => {
		const est = await estimateStorage();
		expect(est).not.toBeNull();
		expect(est!.quota).toBeGreaterThan(0);
		expect(est!.free).toBeLessThanOrEqual(est!.quota);
		const lock = createWakeLock();
		expect(lock.supported).toBe('wakeLock' in navigator);
		const held = await lock.acquire();
		expect(held).toBe(lock.held);
		if (!held && lock.supported) expect(lock.error).toBeTruthy();
		await lock.release();
		expect(lock.held).toBe(false);
	});
});
