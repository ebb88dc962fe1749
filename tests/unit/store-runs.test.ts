import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { createRunStore } from '$lib/store/run-store';
import { newRunRecord } from '$lib/runner/new-run';
import { createFakeEngine } from '../fakes/fake-engine';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { executeRun } from '$lib/runner/execute';
import { idbRunSink } from '$lib/store/idb-sink';
import { answerKey, runKey } from '$lib/store/keys';
import { appEnvironment } from '$lib/runner/app-env';
import { FILM_TEMPLATE } from '$lib/tasks/prompt';
import { sha256Hex } from '$lib/store/hash';
import v1 from '../fixtures/runs/v1-run.json';

let n = 0;
const dbName = () => `runs-test-${Date.now()}-${n++}`;
const plan = () => syntheticPlan({ sets: 2, positions: 10, prefixTokens: 300, suffixTokens: 10 });

async function makeRun(store: ReturnType<typeof createRunStore>, name = 'a run', at = new Date('2026-11-20T10:00:00Z')) {
	const engine = createFakeEngine({ prefixReuse: true, reusePath: 'decode-steps' });
	const record = await newRunRecord({
		name,
		plans: [plan()],
		engine,
		settings: { temperature: 0, apiKey: 'sk-live-abcdefghijklmnop', endpoint: 'http://localhost:8000/v1', maxTokens: 128 },
		env: appEnvironment({ appVersion: '9.9.9', appCommit: 'abc1234', userAgent: 'TestAgent/1' }),
		gpu: { vendor: 'nvidia', architecture: 'hopper' },
		promptTemplate: FILM_TEMPLATE,
		now: at
	});
	await store.putRun(record);
	return { record, engine };
}

describe('run records', () => {
	it('carry full provenance and no secrets', async () => {
		const store = createRunStore(dbName());
		const { record } = await makeRun(store);
		expect(record.provenance).toEqual({
			appVersion: '9.9.9',
			appCommit: 'abc1234',
			taskVersions: { document: 'synthetic-1' },
			seeds: { document: 7 },
			promptTemplateHash: await sha256Hex(FILM_TEMPLATE),
			engineKind: 'oracle',
			modelId: 'fake',
			quantization: null,
			contextWindow: 1 << 20,
			prefixReuse: true,
			reusePath: 'decode-steps',
			gpu: { vendor: 'nvidia', architecture: 'hopper' },
			userAgent: 'TestAgent/1',
			date: '2026-11-20T10:00:00.000Z',
			weights: null
		});
		expect(record.engine.settings).toEqual({ temperature: 0, endpoint: 'http://localhost:8000/v1', maxTokens: 128 });
		expect(JSON.stringify(await store.getRun(record.id))).not.toContain('sk-live');
		expect(record.tasks[0].planDigest).toMatch(/^[0-9a-f]{64}$/);
	});

	it('takes the build-injected app version when none is given', () => {
		expect(appEnvironment().appVersion).toBe(__APP_VERSION__);
	});

	it('list, rename, delete; answers stay per run', async () => {
		const store = createRunStore(dbName());
		const a = await makeRun(store, 'first', new Date('2026-11-20T10:00:00Z'));
		const b = await makeRun(store, 'second', new Date('2026-11-21T10:00:00Z'));
		await executeRun({ runId: a.record.id, plans: [plan()], engine: a.engine, sink: idbRunSink(store, a.record.id) });
		expect(await store.countAnswers(a.record.id)).toBe(20);
		expect(await store.countAnswers(b.record.id)).toBe(0);

		const listed = await store.listRuns();
		expect(listed.runs.map((r) => r.name)).toEqual(['second', 'first']);
		expect(listed.runs[1]).toMatchObject({ status: 'complete', progress: { done: 20, total: 20 } });
		expect((await store.unfinishedRuns()).runs.map((r) => r.id)).toEqual([b.record.id]);

		await store.renameRun(a.record.id, '  renamed  ');
		expect((await store.getRun(a.record.id)) as object).toMatchObject({ ok: true, record: { name: 'renamed' } });
		await expect(store.renameRun(a.record.id, '   ')).rejects.toThrow(/empty/);

		const compared = await store.getRuns([b.record.id, 'missing', a.record.id]);
		expect(compared.runs.map((r) => r.id)).toEqual([b.record.id, a.record.id]);
		expect(compared.problems).toEqual([{ key: runKey('missing'), error: 'no run missing' }]);

		await store.deleteRun(a.record.id);
		expect(await store.getRun(a.record.id)).toBeNull();
		expect(await store.countAnswers(a.record.id)).toBe(0);
		expect((await store.listRuns()).runs.map((r) => r.id)).toEqual([b.record.id]);
	});

	it('reports a corrupt record and an unreadable future one, and keeps the others readable', async () => {
		const name = dbName();
		const store = createRunStore(name);
		const good = await makeRun(store);
		const raw = createStore(name, 'records');
		await set(runKey('broken'), { schemaVersion: 2, id: 'broken', name: 42 }, raw);
		await set(runKey('future'), { ...good.record, id: 'future', schemaVersion: 99 }, raw);
		await set(runKey('old'), v1, raw);
		const { runs, problems } = await store.listRuns();
		expect(runs.map((r) => r.id).sort()).toEqual([good.record.id, v1.id].sort());
		expect(problems).toHaveLength(2);
		expect(problems.find((p) => p.key === runKey('broken'))?.error).toMatch(/run\.name should be a string/);
		expect(problems.find((p) => p.key === runKey('future'))?.error).toMatch(/newer than this app reads/);
	});

	it('skips a corrupt answer and asks that question again on resume', async () => {
		const name = dbName();
		const store = createRunStore(name);
		const { record, engine } = await makeRun(store);
		await executeRun({ runId: record.id, plans: [plan()], engine, sink: idbRunSink(store, record.id) });
		const raw = createStore(name, 'records');
		const before = await store.answers(record.id);
		expect(before).toMatchObject({ problems: [] });
		expect(before.answers).toHaveLength(20);
		await set(answerKey(record.id, 'document-s1-p3'), { half: 'written' }, raw);
		const stray = { ...before.answers[0], runId: 'elsewhere', probeId: 'document-s9-p9' };
		await set(answerKey(record.id, 'document-s9-p9'), stray, raw);
		const problems: string[] = [];
		const loaded = await store.answers(record.id);
		expect(loaded.answers).toHaveLength(19);
		expect(loaded.problems).toEqual([
			{ key: answerKey(record.id, 'document-s1-p3'), error: expect.stringContaining('answer.schemaVersion') },
			{ key: answerKey(record.id, 'document-s9-p9'), error: 'the answer is stored under a key that is not its own' }
		]);

		const again = createFakeEngine({ prefixReuse: true });
		const sink = idbRunSink(store, record.id, { onProblem: (k) => problems.push(k) });
		expect((await executeRun({ runId: record.id, plans: [plan()], engine: again, sink })).status).toBe('complete');
		expect(problems).toEqual([answerKey(record.id, 'document-s1-p3'), answerKey(record.id, 'document-s9-p9')]);
		expect(again.calls).toHaveLength(1);
		expect((await store.answers(record.id)).answers).toHaveLength(20);
	});

	it('refuses to store what would not read back', async () => {
		const store = createRunStore(dbName());
		const { record } = await makeRun(store);
		await expect(store.putRun({ ...record, id: 'has:colon' })).rejects.toThrow(/invalid run id/);
		await expect(store.putRun({ ...record, progress: { done: 1.5, total: 2 } })).rejects.toThrow(/progress\.done/);
	});
});
