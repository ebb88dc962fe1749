// Issue 18 points 4 and 5 below the pages: a run interrupted by a reload reads as paused with its last reason and
// one count from the stored answers; a cloud engine without a key says so instead of blaming the key.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRunStore } from '$lib/store/run-store';
import { idbRunSink } from '$lib/store/idb-sink';
import { newRunRecord } from '$lib/runner/new-run';
import { createFakeEngine } from '../fakes/fake-engine';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { executeRun } from '$lib/runner/execute';
import { createRunControl } from '$lib/runner/control';
import { appEnvironment } from '$lib/runner/app-env';
import { heldRunIds, runLockHeld, runLockName } from '$lib/runner/run-lock';
import { EngineError } from '$lib/engines/engine';
import { runStatusView } from '$lib/app/run-status';
import { listedRuns } from '$lib/app/runs-page.svelte';
import { createEngine, withNoKeyHint } from '$lib/app/engines';
import { testConnection } from '$lib/app/connection-check';
import { startOpenAiTestServer } from '../helpers/openai-server';
import type { RunPause, RunRecord } from '$lib/store/schema';

const pause = (reason: RunPause['reason'], message: string): RunPause => ({ reason, message, at: '2026-11-25T00:00:00.000Z' });

describe('runStatusView', () => {
	it('reads a "running" record that no tab runs as paused by the closed page, with the last reason', () => {
		const last = pause('engine-error', 'The engine failed, so the run was paused: HTTP 500');
		expect(runStatusView({ status: 'running', pause: null, lastPause: last })).toEqual({
			word: 'paused (the page was closed)',
			detail: `Before that it had stopped once: ${last.message}`,
			interrupted: true
		});
		expect(runStatusView({ status: 'running', pause: null })).toMatchObject({ word: 'paused (the page was closed)', detail: null });
		expect(runStatusView({ status: 'running', pause: null }, { here: false, elsewhere: true }).word).toBe('running in another tab');
		expect(runStatusView({ status: 'running', pause: null }, { here: true }).word).toBe('running');
	});
	it('names the reason of a pause and keeps its message, but not for a pause the user asked for', () => {
		expect(runStatusView({ status: 'paused', pause: pause('quota', 'Storage is full …') })).toEqual({ word: 'paused (storage is full)', detail: 'Storage is full …', interrupted: false });
		expect(runStatusView({ status: 'paused', pause: pause('user', 'Paused.') })).toEqual({ word: 'paused', detail: null, interrupted: false });
		expect(runStatusView({ status: 'complete', pause: null, lastPause: null }).word).toBe('complete');
	});
});

describe('the stored record keeps the last pause across a resume', () => {
	const plans = () => [syntheticPlan({ task: 'code', sets: 1, positions: 60, prefixTokens: 200, suffixTokens: 20 })];
	it('a resumed run that is then interrupted still knows why it stopped before; completion clears it', async () => {
		const store = createRunStore(`last-pause-${Date.now()}`);
		const record = await newRunRecord({ name: 'r', plans: plans(), engine: createFakeEngine(), env: appEnvironment() });
		await store.putRun(record);
		const failing = createFakeEngine({ failAt: { call: 10, error: () => new EngineError('network', 'HTTP 503 from the endpoint') } });
		await executeRun({ runId: record.id, plans: plans(), engine: failing, sink: idbRunSink(store, record.id) });

		// Resumed, then the tab goes away mid-run: the runner never writes a pause.
		const control = createRunControl();
		const sink = idbRunSink(store, record.id);
		let seen: RunRecord | null = null;
		const engine = createFakeEngine({
			beforeAnswer: (c) => {
				if (c === 5) control.pause();
			}
		});
		await executeRun({
			runId: record.id,
			plans: plans(),
			engine,
			signal: control.signal,
			sink: {
				...sink,
				status: async (u) => {
					// The "closed tab" drops every write after the run started.
					if (u.status === 'running' && !seen) {
						await sink.status(u);
						const got = await store.getRun(record.id);
						seen = got && got.ok ? got.record : null;
					}
				}
			}
		});
		expect(seen).toMatchObject({ status: 'running', pause: null, lastPause: { reason: 'engine-error' } });
		const view = runStatusView(seen!);
		expect(view.word).toBe('paused (the page was closed)');
		expect(view.detail).toContain('HTTP 503 from the endpoint');

		const out = await executeRun({ runId: record.id, plans: plans(), engine: createFakeEngine(), sink: idbRunSink(store, record.id) });
		expect(out.status).toBe('complete');
		const done = await store.getRun(record.id);
		expect(done).toMatchObject({ ok: true, record: { status: 'complete', pause: null, lastPause: null } });
	});

	it('lists runs with the count of their stored answers, not the lagging record count', async () => {
		const store = createRunStore(`counts-${Date.now()}`);
		const record = await newRunRecord({ name: 'r', plans: plans(), engine: createFakeEngine(), env: appEnvironment() });
		await store.putRun(record);
		const control = createRunControl();
		const engine = createFakeEngine({ beforeAnswer: (c) => c === 23 && control.pause() });
		// statusEvery 50: the record's count would still say 0 after 23 answers had the tab died.
		const sink = idbRunSink(store, record.id);
		await executeRun({ runId: record.id, plans: plans(), engine, signal: control.signal, sink: { ...sink, status: async (u) => (u.status === 'running' ? sink.status(u) : undefined) } });
		const { runs } = await store.listRuns();
		expect(runs[0].progress.done).toBe(0);
		const [listed] = await listedRuns(store, runs, new Set());
		expect(listed.done).toBe(23);
		expect(listed.status.word).toBe('paused (the page was closed)');
		const [other] = await listedRuns(store, runs, new Set([record.id]));
		expect(other.status.word).toBe('running in another tab');
	});
});

describe('run locks seen from another tab', () => {
	it('reads the held run ids from the lock manager, and says "unknown" without one', async () => {
		const locks = { query: async () => ({ held: [{ name: runLockName('r1') }, { name: 'other-lock' }] }) };
		expect([...(await heldRunIds(locks))!]).toEqual(['r1']);
		expect(await runLockHeld('r1', locks)).toBe(true);
		expect(await runLockHeld('r2', locks)).toBe(false);
		expect(await runLockHeld('r1', null)).toBeNull();
		expect(await heldRunIds({ query: () => Promise.reject(new Error('denied')) })).toBeNull();
	});
});

describe('a cloud run without a key in memory', () => {
	it('says "no key in memory" where the endpoint refuses a request without one', async () => {
		const api = await startOpenAiTestServer({ apiKey: 'sk-test-secret-123', models: ['film-test'] });
		try {
			const choice = { kind: 'openai' as const, baseUrl: api.url, model: 'film-test', maxContext: 32768 };
			const noKey = await createEngine(choice, [], { apiKey: async () => undefined });
			const e1 = await noKey.generate({ prompt: 'hi', maxTokens: 4 }).catch((e) => e);
			expect(e1).toBeInstanceOf(EngineError);
			expect(e1.kind).toBe('auth');
			expect(e1.message).toContain('no key in memory');
			expect(e1.message).not.toContain('refused the API key');
			// With a wrong key the endpoint's refusal is the right message.
			const wrong = await createEngine(choice, [], { apiKey: async () => 'sk-wrong-key-456' });
			const e2 = await wrong.generate({ prompt: 'hi', maxTokens: 4 }).catch((e) => e);
			expect(e2.message).toContain('refused the API key');
			expect(e2.message).not.toContain('sk-wrong-key-456');
		} finally {
			await api.close();
		}
	});
	it('passes answers and other failures through unchanged', async () => {
		const base = createFakeEngine({ failAt: { call: 1, error: () => new EngineError('network', 'down') } });
		const wrapped = withNoKeyHint(base, 'https://api.example.com/v1');
		expect((await wrapped.generate({ prompt: 'x', maxTokens: 1 })).text).toBeTypeOf('string');
		await expect(wrapped.generate({ prompt: 'x', maxTokens: 1 })).rejects.toMatchObject({ kind: 'network', message: 'down' });
		expect(wrapped.info).toBe(base.info);
	});
});

describe('Test connection', () => {
	it('checks the endpoint, the key and the model without creating anything', async () => {
		const api = await startOpenAiTestServer({ apiKey: 'sk-test-secret-123', models: ['film-test', 'other'] });
		try {
			expect(await testConnection(api.url, 'film-test', 'sk-test-secret-123')).toMatchObject({ ok: true, message: expect.stringContaining('serves film-test') });
			const missing = await testConnection(api.url, 'gpt-9', 'sk-test-secret-123');
			expect(missing.ok).toBe(false);
			expect(missing.message).toContain('film-test, other');
			const noKey = await testConnection(api.url, 'film-test', undefined);
			expect(noKey).toMatchObject({ ok: false, message: expect.stringContaining('asks for an API key') });
			const bad = await testConnection(api.url, 'film-test', 'sk-wrong-key-456');
			expect(bad.ok).toBe(false);
			expect(bad.message).not.toContain('sk-wrong-key-456');
			expect(api.requests.every((r) => r.path === '/v1/models')).toBe(true);
		} finally {
			await api.close();
		}
	});
});
