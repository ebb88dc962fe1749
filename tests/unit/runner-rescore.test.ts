import { describe, expect, it } from 'vitest';
import { rescoreRun } from '$lib/runner/rescore';
import { executeRun } from '$lib/runner/execute';
import { createFakeEngine } from '../fakes/fake-engine';
import { memorySink } from '$lib/runner/sink';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { newRunRecord } from '$lib/runner/new-run';
import { appEnvironment } from '$lib/runner/app-env';
import { exportRunJson } from '$lib/store/export/run-file';
import { parseRunFile } from '$lib/store/export/parse';

describe('rescoring a run file', () => {
	it('gives the results the run stored, and flags answers whose score changed', async () => {
		const plans = [syntheticPlan({ task: 'code', sets: 4, positions: 100, prefixTokens: 50, suffixTokens: 20 })];
		const answer = (p: string) => {
			const m = /\?code:(\d+):(\d+)\?/.exec(p.slice(-20));
			return m && Number(m[2]) < 60 ? `fn_${m[1]}_${m[2]}` : 'unsure';
		};
		const sink = memorySink();
		const out = await executeRun({ runId: 'r1', plans, engine: createFakeEngine({ answer }), sink });
		if (out.status !== 'complete') throw new Error(out.status);
		const record = await newRunRecord({ id: 'r1', name: 'x', plans, engine: createFakeEngine(), env: appEnvironment() });
		const done = { ...record, status: 'complete' as const, progress: { done: 400, total: 400 }, results: out.results };
		const parsed = await parseRunFile(await exportRunJson(done, [...sink.answers.values()]));
		if (!parsed.ok) throw new Error(parsed.error);

		const again = rescoreRun(parsed.value.run, parsed.value.answers);
		expect(again.results).toEqual(done.results);
		expect(again.results.code?.buckets.map((b) => b.mean)).toEqual([100, 20]);
		expect(again).toMatchObject({ changed: [], missing: 0 });

		const strict = rescoreRun(parsed.value.run, parsed.value.answers.slice(10), { score: (g, p) => Number(g.kind === 'code' && p === `${g.completion}!`) });
		expect(strict.changed).toHaveLength(parsed.value.answers.slice(10).filter((a) => a.score === 1).length);
		expect(strict.results.code?.avg).toBe(0);
		expect(strict.missing).toBe(10);
	});
});
