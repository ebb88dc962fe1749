// What a run reports while it goes. Every event carries its own clock reading, so progress is a pure fold.
import type { TaskName } from '$lib/types';
import type { PauseReason, TaskResult } from '$lib/store/schema';

export type RunEvent =
	| {
			type: 'start';
			at: number;
			/** done (already stored) and total probes per task. */
			tasks: Partial<Record<TaskName, { done: number; total: number }>>;
			prefixReuse: boolean;
			/** Prefill tokens the remaining probes will cost in this session's schedule. */
			plannedPrefillTokens: number;
	  }
	| { type: 'probe'; at: number; task: TaskName; probeId: string; setId: number; positionId: number; contextId: string }
	| {
			type: 'answer';
			at: number;
			task: TaskName;
			probeId: string;
			score: number;
			prefillTokens: number;
			completionTokens: number;
			ttftMs: number;
			totalMs: number;
			path: string;
			/** False when the engine measured no prefill (the reference, HTTP): its time to first token is no prefill rate. */
			prefillMeasured?: boolean;
	  }
	| { type: 'paused'; at: number; reason: PauseReason; message: string }
	| { type: 'cancelled'; at: number }
	| { type: 'complete'; at: number; results: Partial<Record<TaskName, TaskResult>> };
