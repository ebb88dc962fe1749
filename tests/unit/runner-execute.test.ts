import { describe, expect, it } from 'vitest';
import { executeRun, type RunOutcome } from '$lib/runner/execute';
import { createRunControl } from '$lib/runner/control';
import { createFakeEngine } from '../fakes/fake-engine';
import { memorySink } from '$lib/runner/sink';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { initialProgress, progressRates, reduceProgress, type Progress } from '$lib/runner/progress';
import type { RunEvent } from '$lib/runner/events';
import { EngineError } from '$lib/engines/engine';
import type { ProbePlan } from '$lib/types';

/** Answers correctly for even positions and wrongly for odd ones, reading the key from the prompt's tail. */
function halfRight(prompt: string): string {
	const m = /\?(\w+):(\d+):(\d+)\?/.exec(prompt.slice(-60));
	if (!m) return '';
	const [, task, set, pos] = m;
	if (Number(pos) % 2) return 'no idea';
	if (task === 'code') return `fn_${set}_${pos}`;
	if (task === 'database') return `label ${task}:${set}:${pos}`;
	return `sentence number ${pos} of set ${set}`;
}

function plans(): ProbePlan[] {
	return [
		syntheticPlan({ task: 'document', sets: 2, positions: 100, prefixTokens: 2000, suffixTokens: 30 }),
		syntheticPlan({ task: 'database', sets: 2, positions: 60, prefixTokens: 1500, suffixTokens: 25 })
	];
}
const TOTAL = 2 * 100 + 2 * 60;

function collect() {
	const events: RunEvent[] = [];
	let progress: Progress = initialProgress;
	return {
		events,
		get progress() {
			return progress;
		},
		onEvent: (e: RunEvent) => {
			events.push(e);
			progress = reduceProgress(progress, e);
		}
	};
}

describe('executeRun', () => {
	it('asks every probe once, scores and aggregates per task', async () => {
		const engine = createFakeEngine({ answer: halfRight });
		const sink = memorySink();
		const out = await executeRun({ runId: 'run1', plans: plans(), engine, sink });
		expect(out.status).toBe('complete');
		expect(engine.calls).toHaveLength(TOTAL);
		expect(sink.answers.size).toBe(TOTAL);
		const res = (out as Extract<RunOutcome, { status: 'complete' }>).results;
		// Every bucket holds 25 right and 25 wrong answers per set: 50 in each, no gap.
		expect(res.document?.avg).toBeCloseTo(50, 10);
		expect(res.document?.gap).toBeCloseTo(0, 10);
		expect(res.document?.buckets).toHaveLength(2);
		expect(res.database?.buckets.map((b) => b.n)).toEqual([100, 20]);
		expect(sink.updates.at(-1)).toMatchObject({ status: 'complete', progress: { done: TOTAL, total: TOTAL } });
		const a = sink.answers.get('document-s1-p4')!;
		expect(a).toMatchObject({ task: 'document', setId: 1, positionId: 4, index: 104, score: 1, runId: 'run1' });
		expect(sink.answers.get('document-s1-p5')!.score).toBe(0);
	});

	it('passes the shared prefix only to an engine that reuses it, and counts prefill as the engine does', async () => {
		for (const prefixReuse of [false, true]) {
			const engine = createFakeEngine({ prefixReuse });
			const log = collect();
			await executeRun({ runId: 'r', plans: plans(), engine, sink: memorySink(), onEvent: log.onEvent });
			expect(engine.calls.every((c) => (c.prefix !== undefined) === prefixReuse)).toBe(true);
			expect(log.progress.prefilledTokens).toBe(engine.prefilled);
			expect(log.progress.prefixReuse).toBe(prefixReuse);
			const expected = prefixReuse ? 2 * 2000 + 2 * 1500 + 200 * 30 + 120 * 25 : 200 * 2030 + 120 * 1525;
			expect(engine.prefilled).toBe(expected);
		}
	});

	it('resumes after a reload without asking an answered question again or losing one', async () => {
		const sink = memorySink();
		const control = createRunControl();
		const first = createFakeEngine({ answer: halfRight, beforeAnswer: (call) => call === 137 && control.pause() });
		const out1 = await executeRun({ runId: 'r', plans: plans(), engine: first, sink, signal: control.signal });
		expect(out1).toMatchObject({ status: 'paused', pause: { reason: 'user' } });
		// The question in flight when paused is not stored; 137 answers are.
		expect(sink.answers.size).toBe(137);

		// "Reload": a new runner and a new engine over the same stored answers.
		const reloaded = memorySink(sink.answers);
		const second = createFakeEngine({ answer: halfRight });
		const log = collect();
		const out2 = await executeRun({ runId: 'r', plans: plans(), engine: second, sink: reloaded, onEvent: log.onEvent });
		expect(out2.status).toBe('complete');
		expect(second.calls).toHaveLength(TOTAL - 137);
		const asked = [...first.calls.slice(0, 137), ...second.calls].map((c) => c.prompt.slice(-30));
		expect(new Set(asked).size).toBe(TOTAL);
		expect(sink.answers.size).toBe(TOTAL);
		expect(log.events[0]).toMatchObject({ type: 'start', tasks: { document: { done: 137, total: 200 }, database: { done: 0, total: 120 } } });
		expect(log.progress.done).toBe(TOTAL);
	});

	it('pauses on an engine failure with the error in state, and resumes', async () => {
		const sink = memorySink();
		const engine = createFakeEngine({
			answer: halfRight,
			failAt: { call: 42, error: () => new EngineError('device-lost', 'GPU device was lost: reason unknown') }
		});
		const log = collect();
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink, onEvent: log.onEvent });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'device-lost' } });
		expect(log.progress.status).toBe('paused');
		expect(log.progress.pause?.message).toMatch(/GPU device was lost/);
		expect(sink.updates.at(-1)).toMatchObject({ status: 'paused', pause: { reason: 'device-lost' }, progress: { done: 42 } });
		expect(sink.answers.size).toBe(42);

		const again = createFakeEngine({ answer: halfRight });
		expect((await executeRun({ runId: 'r', plans: plans(), engine: again, sink })).status).toBe('complete');
		expect(again.calls).toHaveLength(TOTAL - 42);
		expect(sink.answers.size).toBe(TOTAL);
	});

	it('names a plain engine error as such', async () => {
		const engine = createFakeEngine({ failAt: { call: 0, error: () => new TypeError('boom in the worker') } });
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink: memorySink() });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'engine-error', message: expect.stringContaining('boom in the worker') } });
	});

	it('pauses on a full disk and keeps what was stored', async () => {
		const sink = memorySink();
		const save = sink.save;
		let saved = 0;
		sink.save = async (a) => {
			if (saved === 75) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			saved++;
			return save(a);
		};
		const log = collect();
		const out = await executeRun({ runId: 'r', plans: plans(), engine: createFakeEngine(), sink, onEvent: log.onEvent });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'quota', message: expect.stringMatching(/Storage is full/) } });
		expect(sink.answers.size).toBe(75);
		expect(log.progress.pause?.reason).toBe('quota');
	});

	it('does not start when stored answers cannot be read, and pauses when scoring throws', async () => {
		const broken = memorySink();
		broken.load = async () => Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError'));
		const engine = createFakeEngine();
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink: broken });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'storage-error', message: expect.stringContaining('did not start') } });
		expect(engine.calls).toHaveLength(0);

		const sink = memorySink();
		let scored = 0;
		const score = () => {
			if (++scored === 9) throw new Error('gold without a completion');
			return 1;
		};
		const out2 = await executeRun({ runId: 'r', plans: plans(), engine: createFakeEngine(), sink, score });
		expect(out2).toMatchObject({ status: 'paused', pause: { reason: 'engine-error', message: expect.stringContaining('gold without a completion') } });
		expect(sink.answers.size).toBe(8);
	});

	it('cancels through the signal and tells cancel from pause', async () => {
		const control = createRunControl();
		const engine = createFakeEngine({ beforeAnswer: (call) => call === 3 && control.cancel() });
		const sink = memorySink();
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink, signal: control.signal });
		expect(out.status).toBe('cancelled');
		expect(sink.answers.size).toBe(3);
		expect(sink.updates.at(-1)?.status).toBe('cancelled');
	});
});

describe('progress', () => {
	it('derives rates and time left from the measured events', () => {
		const events: RunEvent[] = [
			{ type: 'start', at: 0, tasks: { document: { done: 10, total: 20 } }, prefixReuse: true, plannedPrefillTokens: 1100 },
			{ type: 'probe', at: 0, task: 'document', probeId: 'a', setId: 0, positionId: 10, contextId: 'c' },
			{ type: 'answer', at: 3000, task: 'document', probeId: 'a', score: 1, prefillTokens: 1010, completionTokens: 40, ttftMs: 1000, totalMs: 3000, path: 'p' },
			{ type: 'probe', at: 3000, task: 'document', probeId: 'b', setId: 0, positionId: 11, contextId: 'c' },
			{ type: 'answer', at: 5000, task: 'document', probeId: 'b', score: 0, prefillTokens: 10, completionTokens: 40, ttftMs: 100, totalMs: 2000, path: 'p' }
		];
		const s = events.reduce(reduceProgress, initialProgress);
		expect(s).toMatchObject({ done: 12, total: 20, tasks: { document: { done: 12, total: 20 } }, prefilledTokens: 1020, decodedTokens: 80 });
		expect(s.current).toMatchObject({ probeId: 'b', positionId: 11 });
		const r = progressRates(s);
		expect(r.fraction).toBeCloseTo(0.6);
		expect(r.answersPerMinute).toBeCloseTo(24); // 2 answers in 5 s
		expect(r.prefillTokensPerS).toBeCloseTo(1020 / 1.1);
		expect(r.decodeTokensPerS).toBeCloseTo(80 / 3.9);
		// 80 prefill tokens left at 1020/1.1 tok/s, plus 8 answers × 1.95 s decode, no other overhead.
		expect(r.timeLeftMs).toBeCloseTo((80 * 1100) / 1020 + 8 * 1950, 6);
		const paused = reduceProgress(s, { type: 'paused', at: 6000, reason: 'device-lost', message: 'lost' });
		expect(paused).toMatchObject({ status: 'paused', pause: { reason: 'device-lost' }, current: null });
	});

	it('has no rates before the first answer', () => {
		const s = reduceProgress(initialProgress, { type: 'start', at: 5, tasks: { code: { done: 0, total: 3 } }, prefixReuse: false, plannedPrefillTokens: 9 });
		expect(progressRates(s)).toMatchObject({ answersPerMinute: null, prefillTokensPerS: null, timeLeftMs: null });
	});
});
