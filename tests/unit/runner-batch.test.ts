// The runner's batch mode: each context's questions go to the engine at once, answers are stored one by one as they
// arrive (any order), and pauses, failures and resumes keep the rules of the one-at-a-time runner.
import { describe, expect, it } from 'vitest';
import { executeRun } from '$lib/runner/execute';
import { createRunControl } from '$lib/runner/control';
import { createFakeEngine } from '../fakes/fake-engine';
import { memorySink } from '$lib/runner/sink';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { expectedAnswer } from '$lib/tasks/registry';
import { EngineError } from '$lib/engines/engine';
import type { ProbePlan } from '$lib/types';

const answer = (prompt: string) => {
	const m = /\?(\w+):(\d+):(\d+)\?/.exec(prompt.slice(-60));
	return m && Number(m[3]) % 3 ? `sentence number ${m[3]} of set ${m[2]}` : 'no idea';
};
const plans = (): ProbePlan[] => [
	syntheticPlan({ task: 'document', sets: 3, positions: 40, prefixTokens: 800, suffixTokens: 20 }),
	syntheticPlan({ task: 'database', sets: 2, positions: 30, prefixTokens: 600, suffixTokens: 20 })
];
const TOTAL = 3 * 40 + 2 * 30;
const strip = (m: Map<string, { text: string; score: number; path?: string }>) =>
	[...m.entries()].map(([k, a]) => [k, a.text, a.score]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('executeRun with batch', () => {
	it('asks each context as one batch and stores the same answers and scores as one at a time', async () => {
		const single = memorySink();
		await executeRun({ runId: 'r', plans: plans(), engine: createFakeEngine({ answer, prefixReuse: true }), sink: single });
		const engine = createFakeEngine({ answer, prefixReuse: true, batch: true });
		const sink = memorySink();
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink, batch: true });
		expect(out.status).toBe('complete');
		expect(engine.batches.map((b) => b.size)).toEqual([40, 40, 40, 30, 30]);
		expect(strip(sink.answers)).toEqual(strip(single.answers));
		expect([...sink.answers.values()].every((a) => a.path === 'batch:fake')).toBe(true);
		// Expected answers travel as drafts: the gold text, with the space a model writes before it.
		const first = plans()[0].probes[0];
		expect(engine.batches[0].expected).toContain(expectedAnswer(first.gold));
		expect(expectedAnswer(first.gold)?.startsWith(' ')).toBe(true);
		// The batch's facts end up in the run's status (provenance).
		expect(sink.updates.at(-1)).toMatchObject({ status: 'complete', batch: { batchPath: 'batch:fake' } });
	});

	it('sends no drafts when they are switched off, and answers one at a time when batch is off or reuse is not', async () => {
		const engine = createFakeEngine({ answer, prefixReuse: true, batch: true });
		await executeRun({ runId: 'r', plans: plans(), engine, sink: memorySink(), batch: { drafts: false } });
		expect(engine.batches.every((b) => b.expected.every((e) => e === undefined))).toBe(true);
		const off = createFakeEngine({ answer, prefixReuse: true, batch: true });
		await executeRun({ runId: 'r', plans: plans(), engine: off, sink: memorySink() });
		expect(off.batches).toHaveLength(0);
		const noReuse = createFakeEngine({ answer, prefixReuse: false, batch: true });
		await executeRun({ runId: 'r', plans: plans(), engine: noReuse, sink: memorySink(), batch: true });
		expect(noReuse.batches).toHaveLength(0);
		expect(noReuse.calls).toHaveLength(TOTAL);
	});

	it('pauses on an engine failure mid-batch, keeps the answers that arrived, and resumes with only the rest', async () => {
		const sink = memorySink();
		const engine = createFakeEngine({ answer, prefixReuse: true, batch: true, failAt: { call: 55, error: () => new EngineError('device-lost', 'GPU device was lost') } });
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink, batch: true });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'device-lost' } });
		expect(sink.answers.size).toBe(55);
		const again = createFakeEngine({ answer, prefixReuse: true, batch: true });
		expect((await executeRun({ runId: 'r', plans: plans(), engine: again, sink, batch: true })).status).toBe('complete');
		expect(again.calls).toHaveLength(TOTAL - 55);
		expect(sink.answers.size).toBe(TOTAL);
		// The interrupted context's batch holds only its unanswered questions.
		expect(again.batches[0].size).toBe(80 - 55);
	});

	it('stops the batch when an answer cannot be stored, and pauses on a user stop with every finished answer kept', async () => {
		const sink = memorySink();
		const save = sink.save;
		let saved = 0;
		sink.save = async (a) => {
			if (saved === 50) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			saved++;
			return save(a);
		};
		const engine = createFakeEngine({ answer, prefixReuse: true, batch: true });
		const out = await executeRun({ runId: 'r', plans: plans(), engine, sink, batch: true });
		expect(out).toMatchObject({ status: 'paused', pause: { reason: 'quota' } });
		expect(sink.answers.size).toBe(50);
		// The engine was told to stop: it asked no question after the failed store's batch.
		expect(engine.calls.length).toBeLessThan(80 + 1);

		const control = createRunControl();
		const paused = memorySink();
		const e2 = createFakeEngine({ answer, prefixReuse: true, batch: true, beforeAnswer: (call) => call === 70 && control.pause() });
		const out2 = await executeRun({ runId: 'r', plans: plans(), engine: e2, sink: paused, batch: true, signal: control.signal });
		expect(out2).toMatchObject({ status: 'paused', pause: { reason: 'user' } });
		expect(paused.answers.size).toBe(70);
	});
});
