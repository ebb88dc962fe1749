import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createRunStore, type RunStore } from '$lib/store/run-store';
import { idbRunSink } from '$lib/store/idb-sink';
import { newRunRecord } from '$lib/runner/new-run';
import { createFakeEngine } from '../fakes/fake-engine';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { executeRun } from '$lib/runner/execute';
import { createRunControl } from '$lib/runner/control';
import { planMismatch } from '$lib/runner/plan-digest';
import { appEnvironment } from '$lib/runner/app-env';
import { EngineError } from '$lib/engines/engine';

const plans = () => [
	syntheticPlan({ task: 'code', sets: 2, positions: 40, prefixTokens: 500, suffixTokens: 30 }),
	syntheticPlan({ task: 'document', sets: 1, positions: 30, prefixTokens: 400, suffixTokens: 30 })
];
const TOTAL = 110;

async function setup(dbName: string) {
	const store = createRunStore(dbName);
	const record = await newRunRecord({ name: 'resume', plans: plans(), engine: createFakeEngine({ prefixReuse: true }), env: appEnvironment() });
	await store.putRun(record);
	return { store, record };
}

describe('resume over IndexedDB', () => {
	it('after a reload: no probe asked twice, none lost', async () => {
		const db = `resume-${Date.now()}`;
		const { store, record } = await setup(db);
		const control = createRunControl();
		const first = createFakeEngine({ prefixReuse: true, beforeAnswer: (c) => c === 57 && control.pause() });
		await executeRun({ runId: record.id, plans: plans(), engine: first, sink: idbRunSink(store, record.id), signal: control.signal });

		// A new tab: new store handle on the same database, a rebuilt plan, a new engine.
		const reopened = createRunStore(db);
		const unfinished = await reopened.unfinishedRuns();
		expect(unfinished.runs.map((r) => [r.id, r.status, r.pause?.reason, r.progress.done])).toEqual([[record.id, 'paused', 'user', 57]]);
		const rebuilt = plans();
		expect(await planMismatch(unfinished.runs[0].tasks, rebuilt)).toBeNull();
		const second = createFakeEngine({ prefixReuse: true });
		const out = await executeRun({ runId: record.id, plans: rebuilt, engine: second, sink: idbRunSink(reopened, record.id) });
		expect(out.status).toBe('complete');
		const asked = [...first.calls.slice(0, 57), ...second.calls].map((c) => c.prompt.slice(-30));
		expect(asked).toHaveLength(TOTAL);
		expect(new Set(asked).size).toBe(TOTAL);
		const { answers, problems } = await reopened.answers(record.id);
		expect(problems).toEqual([]);
		expect(answers).toHaveLength(TOTAL);
		const final = await reopened.getRun(record.id);
		expect(final).toMatchObject({ ok: true, record: { status: 'complete', pause: null, progress: { done: TOTAL, total: TOTAL } } });
		expect(final && final.ok && Object.keys(final.record.results).sort()).toEqual(['code', 'document']);
	});

	it('a lost GPU device pauses the run; the record says why and it resumes', async () => {
		const { store, record } = await setup(`lost-${Date.now()}`);
		const engine = createFakeEngine({ prefixReuse: true, failAt: { call: 70, error: () => new EngineError('device-lost', 'Device lost') } });
		await executeRun({ runId: record.id, plans: plans(), engine, sink: idbRunSink(store, record.id) });
		const paused = await store.getRun(record.id);
		expect(paused).toMatchObject({ ok: true, record: { status: 'paused', pause: { reason: 'device-lost' }, progress: { done: 70 } } });
		const again = createFakeEngine({ prefixReuse: true });
		await executeRun({ runId: record.id, plans: plans(), engine: again, sink: idbRunSink(store, record.id) });
		expect(again.calls).toHaveLength(TOTAL - 70);
		expect(await store.countAnswers(record.id)).toBe(TOTAL);
	});

	it('a full disk pauses the run and leaves every stored answer intact', async () => {
		const { store, record } = await setup(`quota-${Date.now()}`);
		let writes = 0;
		const full: RunStore = {
			...store,
			async saveAnswers(a) {
				if (writes++ >= 33) throw new DOMException('Quota exceeded', 'QuotaExceededError');
				return store.saveAnswers(a);
			},
			async putRun(r) {
				// The status write after the failure hits the same full disk.
				if (writes > 33) throw new DOMException('Quota exceeded', 'QuotaExceededError');
				return store.putRun(r);
			}
		};
		const out = await executeRun({ runId: record.id, plans: plans(), engine: createFakeEngine(), sink: idbRunSink(full, record.id) });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'quota' } });
		const { answers, problems } = await store.answers(record.id);
		expect(problems).toEqual([]);
		expect(answers).toHaveLength(33);
		// Space freed: the run carries on from where it stopped.
		const again = createFakeEngine();
		await executeRun({ runId: record.id, plans: plans(), engine: again, sink: idbRunSink(store, record.id) });
		expect(again.calls).toHaveLength(TOTAL - 33);
	});

	it('refuses to resume against a plan that is not the one the run started with', async () => {
		const { record } = await setup(`mismatch-${Date.now()}`);
		const other = plans();
		other[1] = syntheticPlan({ task: 'document', sets: 1, positions: 30, prefixTokens: 401, suffixTokens: 30 });
		expect(await planMismatch(record.tasks, other)).toMatch(/differs/);
		expect(await planMismatch(record.tasks, other.slice(0, 1))).toMatch(/2 task\(s\) but 1 plan/);
	});
});

describe('after a crash', () => {
	it('lists the interrupted run with the number of answers actually stored', async () => {
		const { store, record } = await setup(`crash-${Date.now()}`);
		// A crash: the engine never returns after the 83rd answer, and the record was last refreshed at 50.
		const engine = createFakeEngine({ prefixReuse: true });
		const hang = { ...engine, generate: (req: Parameters<typeof engine.generate>[0]) => (engine.calls.length >= 83 ? new Promise<never>(() => {}) : engine.generate(req)) };
		void executeRun({ runId: record.id, plans: plans(), engine: hang, sink: idbRunSink(store, record.id) });
		await vi.waitFor(async () => expect(await store.countAnswers(record.id)).toBe(83));
		const stale = await store.getRun(record.id);
		expect(stale).toMatchObject({ ok: true, record: { status: 'running', progress: { done: 50 } } });
		const { runs } = await createRunStore(`crash-${Date.now()}-other`).unfinishedRuns();
		expect(runs).toEqual([]);
		const listed = await store.unfinishedRuns();
		expect(listed.runs.map((r) => [r.status, r.progress.done])).toEqual([['running', 83]]);
	});
});
