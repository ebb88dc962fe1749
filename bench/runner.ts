// Benchmark: what the runner itself costs per probe — scheduling, prompt assembly, scoring, storing each answer,
// aggregating — with an engine that answers instantly; then re-opening a stored 9,400-answer run and aggregating it.
// Node with fake-indexeddb here; the same function runs in Chromium through the browser bench harness.
import type { Engine } from '$lib/engines/engine';
import { createRunStore } from '$lib/store/run-store';
import { idbRunSink } from '$lib/store/idb-sink';
import { newRunRecord } from '$lib/runner/new-run';
import { appEnvironment } from '$lib/runner/app-env';
import { executeRun } from '$lib/runner/execute';
import { flatten, scheduleProbes } from '$lib/runner/schedule';
import { syntheticPaperPlans } from '../tests/helpers/synthetic-plan';
import { taskResults } from '$lib/runner/results';
import { aggregate } from '$lib/scoring/aggregate';

export interface RunnerBench {
	environment: string;
	probes: number;
	schedule_ms: number;
	run_ms: number;
	/** Runner overhead per probe: prompt assembly, scoring, one IndexedDB write, events (engine excluded). */
	per_probe_ms: number;
	reopen_ms: number;
	reaggregate_ms: number;
	reopen_and_aggregate_ms: number;
}

/** An engine that costs nothing: the answer is a constant, so only the runner's own work is timed. */
function instantEngine(): Engine {
	return {
		info: { kind: 'oracle', modelId: 'instant', label: 'instant' },
		capabilities: { maxContext: 1 << 20, prefixReuse: true, exactTokens: true },
		async generate() {
			return {
				text: 'sentence number 3 of set 1',
				usage: { promptTokens: 0, completionTokens: 8 },
				timings: { ttftMs: 0, prefillTokensPerS: null, decodeTokensPerS: null, totalMs: 0 },
				finishReason: 'stop',
				path: 'instant'
			};
		}
	};
}

const ms = (x: number) => Math.round(x * 100) / 100;

export async function benchRunner(opts: { dbName?: string; prefixTokens?: number } = {}): Promise<RunnerBench> {
	if (typeof indexedDB === 'undefined') {
		const shim = 'fake-indexeddb/auto'; // Node only; a variable keeps bundlers and tsc from resolving it for the browser
		await import(/* @vite-ignore */ shim);
	}
	const dbName = opts.dbName ?? `bench-runner-${Date.now()}`;
	const plans = syntheticPaperPlans(opts.prefixTokens ?? 32_000);
	let t = performance.now();
	const probes = flatten(scheduleProbes(plans)).length;
	const scheduleMs = performance.now() - t;

	const store = createRunStore(dbName);
	const record = await newRunRecord({ name: 'bench', plans, engine: instantEngine(), env: appEnvironment() });
	await store.putRun(record);
	t = performance.now();
	const out = await executeRun({ runId: record.id, plans, engine: instantEngine(), sink: idbRunSink(store, record.id) });
	const runMs = performance.now() - t;
	if (out.status !== 'complete') throw new Error(`bench run ended ${out.status}`);

	// Re-open as a new tab would: a fresh store handle, every answer read and validated, then aggregated.
	t = performance.now();
	const reopened = createRunStore(dbName);
	const { answers, problems } = await reopened.answers(record.id);
	const reopenMs = performance.now() - t;
	if (answers.length !== probes || problems.length) throw new Error(`re-read ${answers.length} answers, ${problems.length} problems`);
	const t2 = performance.now();
	taskResults(answers, aggregate);
	const aggMs = performance.now() - t2;
	await reopened.deleteRun(record.id);
	return {
		environment: typeof navigator !== 'undefined' && navigator.userAgent ? navigator.userAgent : `node ${process.version} + fake-indexeddb`,
		probes,
		schedule_ms: ms(scheduleMs),
		run_ms: ms(runMs),
		per_probe_ms: ms(runMs / probes),
		reopen_ms: ms(reopenMs),
		reaggregate_ms: ms(aggMs),
		reopen_and_aggregate_ms: ms(reopenMs + aggMs)
	};
}

if (typeof process !== 'undefined' && /bench[\\/]runner\.ts$/.test(process.argv?.[1] ?? '')) {
	benchRunner().then((r) => console.log(JSON.stringify(r, null, 2)));
}
