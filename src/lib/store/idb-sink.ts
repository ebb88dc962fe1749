// The runner's sink over the IndexedDB run store: each answer is written in its own transaction before the next
// question is asked, so a closed tab or a crash loses at most the question in flight.
import type { RunSink, RunStatusUpdate } from '$lib/runner/sink';
import type { RunStore } from './run-store';

export interface IdbSinkOptions {
	/** Called with problems met while loading (corrupt answers are skipped and asked again). */
	onProblem?: (key: string, error: string) => void;
	now?: () => Date;
}

export function idbRunSink(store: RunStore, runId: string, opts: IdbSinkOptions = {}): RunSink {
	const now = opts.now ?? (() => new Date());
	return {
		async load() {
			const { answers, problems } = await store.answers(runId);
			for (const p of problems) opts.onProblem?.(p.key, p.error);
			return answers;
		},
		async save(answer) {
			await store.saveAnswers([answer]);
		},
		async status(u: RunStatusUpdate) {
			const got = await store.getRun(runId);
			if (!got) throw new Error(`run ${runId} is not in the store`);
			if (!got.ok) throw new Error(`run ${runId} cannot be read: ${got.error}`);
			const r = got.record;
			const reusePath = r.provenance.prefixReuse && u.reusePath ? u.reusePath : r.provenance.reusePath;
			// A resume clears `pause`; the reason it last stopped stays readable until the run completes.
			const lastPause = u.status === 'complete' ? null : (u.pause ?? r.pause ?? r.lastPause ?? null);
			await store.putRun({
				...r,
				status: u.status,
				pause: u.pause,
				lastPause,
				progress: u.progress,
				results: u.results ?? r.results,
				provenance: { ...r.provenance, reusePath, ...(u.batch ? { batch: u.batch } : {}) },
				updatedAt: now().toISOString()
			});
		}
	};
}
