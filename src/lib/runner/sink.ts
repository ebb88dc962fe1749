// Where the runner puts what it learns. The runner itself touches no storage: the app passes an IndexedDB sink
// (store/idb-sink.ts), the CLI a file or memory sink, tests whatever they need to break.
import type { RunPause, RunStatus, StoredAnswer, TaskResult } from '$lib/store/schema';
import type { TaskName } from '$lib/types';

export interface RunStatusUpdate {
	status: RunStatus;
	pause: RunPause | null;
	progress: { done: number; total: number };
	results?: Partial<Record<TaskName, TaskResult>>;
	/** The answer path the engine reported most (e.g. "prefix-reuse:decode-steps"), once known. */
	reusePath?: string | null;
	/** The batch path's facts (see Engine.generateBatch), once a batch ran. */
	batch?: Record<string, string | number | boolean | null>;
}

export interface RunSink {
	/** Valid answers already stored for this run; unreadable ones are left out, so they are asked again. */
	load(): Promise<StoredAnswer[]>;
	/** Stores one answer durably before the runner asks the next question. */
	save(answer: StoredAnswer): Promise<void>;
	status(update: RunStatusUpdate): Promise<void>;
}

/** An in-memory sink (CLI dry runs, tests). `answers` survives across runner instances that share the object. */
export function memorySink(answers = new Map<string, StoredAnswer>()) {
	const updates: RunStatusUpdate[] = [];
	const sink: RunSink & { answers: Map<string, StoredAnswer>; updates: RunStatusUpdate[] } = {
		answers,
		updates,
		load: async () => [...answers.values()],
		save: async (a) => void answers.set(a.probeId, structuredClone(a)),
		status: async (u) => void updates.push(structuredClone(u))
	};
	return sink;
}
