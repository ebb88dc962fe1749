// The runner: asks every pending probe once, in schedule order, stores each answer before asking the next,
// and stops cleanly (paused, resumable) on any failure. No DOM and no storage of its own: see sink.ts.
import type { Engine } from '$lib/engines/engine';
import type { Generation, Gold, ProbePlan, TaskName } from '$lib/types';
import type { PauseReason, RunPause, StoredAnswer, TaskResult } from '$lib/store/schema';
import { ANSWER_SCHEMA_VERSION } from '$lib/store/schema';
import { isQuotaError } from '$lib/store/storage';
import { scoreAnswer } from '$lib/scoring';
import { aggregate as aggregateScores } from '$lib/scoring/aggregate';
import type { RunEvent } from './events';
import { stopRequest } from './control';
import { scheduleProbes, type ProbeGroup, type ScheduledProbe } from './schedule';
import { expectedAnswer } from '$lib/tasks/registry';
import { prefillTotals, probePrefillTokens } from './prefill';
import { taskResults, type AggregateFn } from './results';
import type { RunSink } from './sink';

export interface ExecuteOptions {
	runId: string;
	plans: readonly ProbePlan[];
	engine: Engine;
	sink: RunSink;
	/** Defaults to the scoring module's scoreAnswer / aggregate; tests may pass their own. */
	score?: (gold: Gold, prediction: string) => number;
	aggregate?: AggregateFn;
	/** The paper's off-by-one bucket averaging (SPEC §2), off by default. */
	paperBuckets?: boolean;
	signal?: AbortSignal;
	onEvent?: (e: RunEvent) => void;
	now?: () => number;
	/** How often (in answers) the run record's progress is refreshed; answers themselves are stored every time. */
	statusEvery?: number;
	/**
	 * Answer each context's questions together where the engine can (WebLLM: forked KV sequences, gold answers as
	 * drafts). Answers are identical to one-at-a-time ones; off by default.
	 */
	batch?: boolean | { drafts?: boolean; maxB?: number };
}

export type RunOutcome =
	| { status: 'complete'; results: Partial<Record<TaskName, TaskResult>> }
	| { status: 'paused'; pause: RunPause }
	| { status: 'cancelled' };

/** Why the run stopped, in words a user can act on. */
export function classifyFailure(e: unknown, where: 'engine' | 'store'): { reason: PauseReason; message: string } {
	const msg = e instanceof Error ? e.message : String(e);
	if (isQuotaError(e))
		return {
			reason: 'quota',
			message: `Storage is full, so the run was paused. Every answer stored so far is kept. Free some space (delete old runs or cached models) and resume. (${msg})`
		};
	if ((e as { kind?: unknown })?.kind === 'device-lost')
		return {
			reason: 'device-lost',
			message: `The GPU device was lost, so the run was paused. Answers so far are stored; reload the model and resume. (${msg})`
		};
	if (where === 'store') return { reason: 'storage-error', message: `An answer could not be stored, so the run was paused: ${msg}` };
	return { reason: 'engine-error', message: `The engine failed, so the run was paused: ${msg}` };
}

export async function executeRun(o: ExecuteOptions): Promise<RunOutcome> {
	const now = o.now ?? (() => Date.now());
	const emit = (e: RunEvent) => o.onEvent?.(e);
	const reuse = o.engine.capabilities.prefixReuse;
	const statusEvery = o.statusEvery ?? 50;

	const known = new Set(o.plans.flatMap((p) => p.probes.map((x) => x.id)));
	let loaded;
	try {
		loaded = await o.sink.load();
	} catch (e) {
		const f = classifyFailure(e, 'store');
		const pause: RunPause = { ...f, message: `Stored answers could not be read, so the run did not start: ${e instanceof Error ? e.message : String(e)}`, at: new Date(now()).toISOString() };
		emit({ type: 'paused', at: now(), reason: pause.reason, message: pause.message });
		return { status: 'paused', pause };
	}
	const stored = loaded.filter((a) => known.has(a.probeId));
	const answers = new Map(stored.map((a) => [a.probeId, a]));
	const groups = scheduleProbes(o.plans, new Set(answers.keys()));

	const tasks: Partial<Record<TaskName, { done: number; total: number }>> = {};
	for (const p of o.plans) tasks[p.task] = { done: 0, total: (tasks[p.task]?.total ?? 0) + p.probes.length };
	for (const a of answers.values()) tasks[a.task]!.done++;
	const total = known.size;
	const progress = () => ({ done: answers.size, total });

	emit({ type: 'start', at: now(), tasks, prefixReuse: reuse, plannedPrefillTokens: reuse ? prefillTotals(groups).reuse : prefillTotals(groups).naive });

	const paths = new Map<string, number>();
	let batchDetails: Record<string, string | number | boolean | null> | null = null;
	const mainPath = () => [...paths.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;

	const stop = async (pause: { reason: PauseReason; message: string } | 'cancel'): Promise<RunOutcome> => {
		if (pause === 'cancel') {
			await o.sink.status({ status: 'cancelled', pause: null, progress: progress(), reusePath: mainPath() }).catch(() => {});
			emit({ type: 'cancelled', at: now() });
			return { status: 'cancelled' };
		}
		const p: RunPause = { ...pause, at: new Date(now()).toISOString() };
		// A full disk may refuse this write too; the pause still stands in memory and the answers stay stored.
		await o.sink.status({ status: 'paused', pause: p, progress: progress(), reusePath: mainPath(), ...(batchDetails ? { batch: batchDetails } : {}) }).catch(() => {});
		emit({ type: 'paused', at: now(), reason: p.reason, message: p.message });
		return { status: 'paused', pause: p };
	};
	const userStop = () => (stopRequest(o.signal) === 'cancel' ? stop('cancel') : stop({ reason: 'user', message: 'Paused.' }));

	try {
		await o.sink.status({ status: 'running', pause: null, progress: progress() });
	} catch (e) {
		return stop(classifyFailure(e, 'store'));
	}

	let warm: string | null = null;
	let sinceStatus = 0;

	/** Score, store and report one answer; a pause when that fails, else null. */
	const record = async (item: ScheduledProbe, gen: Generation): Promise<{ reason: PauseReason; message: string } | null> => {
		const { probe, context } = item;
		const prefillTokens = probePrefillTokens(item, warm, reuse);
		warm = context.id;
		let score: number;
		try {
			score = (o.score ?? scoreAnswer)(probe.gold, gen.text);
		} catch (e) {
			return { reason: 'engine-error', message: `Scoring probe ${probe.id} failed, so the run was paused: ${e instanceof Error ? e.message : String(e)}` };
		}
		const answer: StoredAnswer = {
			schemaVersion: ANSWER_SCHEMA_VERSION,
			runId: o.runId,
			probeId: probe.id,
			task: item.task,
			setId: probe.setId,
			positionId: probe.positionId,
			index: item.index,
			contextId: context.id,
			tokenOffset: probe.tokenOffset,
			gold: probe.gold,
			text: gen.text,
			score,
			usage: gen.usage,
			timings: gen.timings,
			path: gen.path,
			at: new Date(now()).toISOString()
		};
		try {
			await o.sink.save(answer);
		} catch (e) {
			return classifyFailure(e, 'store');
		}
		answers.set(probe.id, answer);
		paths.set(gen.path, (paths.get(gen.path) ?? 0) + 1);
		emit({
			type: 'answer',
			at: now(),
			task: item.task,
			probeId: probe.id,
			score: answer.score,
			prefillTokens,
			completionTokens: gen.usage.completionTokens,
			ttftMs: gen.timings.ttftMs,
			totalMs: gen.timings.totalMs,
			path: gen.path,
			prefillMeasured: gen.timings.prefillTokensPerS !== null
		});
		if (++sinceStatus >= statusEvery) {
			sinceStatus = 0;
			try {
				await o.sink.status({ status: 'running', pause: null, progress: progress(), reusePath: mainPath(), ...(batchDetails ? { batch: batchDetails } : {}) });
			} catch (e) {
				return classifyFailure(e, 'store');
			}
		}
		return null;
	};

	const batching = !!o.batch && reuse && typeof o.engine.generateBatch === 'function';
	for (const group of groups) {
		if (batching && group.items.length > 1) {
			const r = await askBatch(group);
			if (r) return r;
			continue;
		}
		for (const item of group.items) {
			if (o.signal?.aborted) return userStop();
			const { probe, context } = item;
			emit({ type: 'probe', at: now(), task: item.task, probeId: probe.id, setId: probe.setId, positionId: probe.positionId, contextId: context.id });
			let gen;
			try {
				gen = await o.engine.generate({
					prompt: context.prefix + probe.suffix,
					prefix: reuse ? context.prefix : undefined,
					maxTokens: probe.maxNewTokens,
					signal: o.signal
				});
			} catch (e) {
				if (o.signal?.aborted) return userStop();
				return stop(classifyFailure(e, 'engine'));
			}
			if (o.signal?.aborted || gen.finishReason === 'abort') {
				// A cut-off answer is not an answer: it is dropped and the question asked again on resume.
				if (o.signal?.aborted) return userStop();
				return stop({ reason: 'engine-error', message: 'The engine stopped an answer midway, so the run was paused.' });
			}
			const failed = await record(item, gen);
			if (failed) return stop(failed);
		}
	}

	/**
	 * One context's questions at once. Answers arrive in any order and are stored one by one as they come (a store
	 * failure stops the batch); questions still in flight when the run stops are asked again on resume.
	 */
	async function askBatch(group: ProbeGroup): Promise<RunOutcome | null> {
		const batchOpts = o.batch === true ? {} : o.batch || {};
		if (o.signal?.aborted) return userStop();
		const inner = new AbortController();
		const onOuter = () => inner.abort();
		o.signal?.addEventListener('abort', onOuter, { once: true });
		let failure: { reason: PauseReason; message: string } | null = null;
		let chain: Promise<void> = Promise.resolve();
		for (const item of group.items) {
			const { probe, context } = item;
			emit({ type: 'probe', at: now(), task: item.task, probeId: probe.id, setId: probe.setId, positionId: probe.positionId, contextId: context.id });
		}
		try {
			const outcome = await o.engine.generateBatch!({
				prefix: group.context.prefix,
				items: group.items.map((item) => ({
					prompt: group.context.prefix + item.probe.suffix,
					maxTokens: item.probe.maxNewTokens,
					expected: batchOpts.drafts === false ? undefined : expectedAnswer(item.probe.gold)
				})),
				drafts: batchOpts.drafts !== false,
				maxB: batchOpts.maxB,
				signal: inner.signal,
				onItem: (index, gen) => {
					const item = group.items[index];
					// Answers cut off by a stop are dropped: they are asked again on resume.
					if (!item || gen.finishReason === 'abort') return;
					chain = chain.then(async () => {
						if (failure) return;
						failure = await record(item, gen);
						if (failure) inner.abort();
					});
				}
			});
			batchDetails = outcome.details;
		} catch (e) {
			await chain;
			if (failure) return stop(failure);
			if (o.signal?.aborted) return userStop();
			return stop(classifyFailure(e, 'engine'));
		} finally {
			o.signal?.removeEventListener('abort', onOuter);
		}
		await chain;
		if (failure) return stop(failure);
		if (o.signal?.aborted) return userStop();
		const missing = group.items.filter((i) => !answers.has(i.probe.id)).length;
		if (missing) return stop({ reason: 'engine-error', message: `The engine returned no answer for ${missing} question(s) of a batch, so the run was paused.` });
		return null;
	}

	const positions: Partial<Record<TaskName, number>> = {};
	for (const p of o.plans) {
		// Item-list tasks bucket over their item count; the others (itemCount 0) over the positions they used.
		const items = Math.max(positions[p.task] ?? 0, ...p.contexts.map((c) => c.itemCount));
		if (items > 0) positions[p.task] = items;
	}
	const results = taskResults([...answers.values()], o.aggregate ?? aggregateScores, { positions, paperBuckets: o.paperBuckets });
	try {
		await o.sink.status({ status: 'complete', pause: null, progress: progress(), results, reusePath: mainPath(), ...(batchDetails ? { batch: batchDetails } : {}) });
	} catch (e) {
		return stop(classifyFailure(e, 'store'));
	}
	emit({ type: 'complete', at: now(), results });
	return { status: 'complete', results };
}
