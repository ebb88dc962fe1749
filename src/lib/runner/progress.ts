// Progress as a pure reducer over run events: counts, rates and the time left, ready for the UI and the CLI.
import type { TaskName } from '$lib/types';
import type { PauseReason } from '$lib/store/schema';
import type { RunEvent } from './events';

export interface Progress {
	status: 'idle' | 'running' | 'paused' | 'cancelled' | 'complete';
	tasks: Partial<Record<TaskName, { done: number; total: number }>>;
	done: number;
	total: number;
	current: { task: TaskName; probeId: string; setId: number; positionId: number } | null;
	prefixReuse: boolean;
	/** Tokens prefilled in this session, a shared prefix counted once when the engine reuses it. */
	prefilledTokens: number;
	decodedTokens: number;
	/** Answers received in this session (resumed ones excluded from rates). */
	sessionAnswers: number;
	sessionStartedAt: number | null;
	lastAt: number | null;
	prefillMs: number;
	/** Prefill tokens and time of the answers whose engine measured its prefill: the only ones a rate comes from. */
	measuredPrefillTokens: number;
	measuredPrefillMs: number;
	decodeMs: number;
	plannedPrefillTokens: number;
	pause: { reason: PauseReason; message: string } | null;
	/** Answer paths the engine reported, with counts. */
	paths: Record<string, number>;
}

export const initialProgress: Progress = {
	status: 'idle',
	tasks: {},
	done: 0,
	total: 0,
	current: null,
	prefixReuse: false,
	prefilledTokens: 0,
	decodedTokens: 0,
	sessionAnswers: 0,
	sessionStartedAt: null,
	lastAt: null,
	prefillMs: 0,
	measuredPrefillTokens: 0,
	measuredPrefillMs: 0,
	decodeMs: 0,
	plannedPrefillTokens: 0,
	pause: null,
	paths: {}
};

export function reduceProgress(s: Progress, e: RunEvent): Progress {
	switch (e.type) {
		case 'start': {
			const tasks = structuredClone(e.tasks);
			const all = Object.values(tasks);
			return {
				...s,
				status: 'running',
				tasks,
				done: all.reduce((n, t) => n + (t?.done ?? 0), 0),
				total: all.reduce((n, t) => n + (t?.total ?? 0), 0),
				prefixReuse: e.prefixReuse,
				plannedPrefillTokens: e.plannedPrefillTokens,
				// A resumed session measures its own throughput from its own start.
				sessionAnswers: 0,
				prefilledTokens: 0,
				decodedTokens: 0,
				prefillMs: 0,
				measuredPrefillTokens: 0,
				measuredPrefillMs: 0,
				decodeMs: 0,
				sessionStartedAt: e.at,
				lastAt: e.at,
				pause: null,
				current: null
			};
		}
		case 'probe':
			return { ...s, current: { task: e.task, probeId: e.probeId, setId: e.setId, positionId: e.positionId }, lastAt: e.at };
		case 'answer': {
			const t = s.tasks[e.task] ?? { done: 0, total: 0 };
			const measured = e.prefillMeasured !== false;
			return {
				...s,
				tasks: { ...s.tasks, [e.task]: { ...t, done: t.done + 1 } },
				done: s.done + 1,
				sessionAnswers: s.sessionAnswers + 1,
				prefilledTokens: s.prefilledTokens + e.prefillTokens,
				decodedTokens: s.decodedTokens + e.completionTokens,
				prefillMs: s.prefillMs + e.ttftMs,
				measuredPrefillTokens: s.measuredPrefillTokens + (measured ? e.prefillTokens : 0),
				measuredPrefillMs: s.measuredPrefillMs + (measured ? e.ttftMs : 0),
				decodeMs: s.decodeMs + Math.max(0, e.totalMs - e.ttftMs),
				paths: { ...s.paths, [e.path]: (s.paths[e.path] ?? 0) + 1 },
				lastAt: e.at
			};
		}
		case 'paused':
			return { ...s, status: 'paused', pause: { reason: e.reason, message: e.message }, current: null, lastAt: e.at };
		case 'cancelled':
			return { ...s, status: 'cancelled', current: null, lastAt: e.at };
		case 'complete':
			return { ...s, status: 'complete', current: null, lastAt: e.at };
	}
}

export interface ProgressRates {
	fraction: number;
	answersPerMinute: number | null;
	prefillTokensPerS: number | null;
	decodeTokensPerS: number | null;
	/** Estimated milliseconds to the end from this session's measured throughput; null until measurable. */
	timeLeftMs: number | null;
}

/** Rates derived from a progress state (kept out of the state so the reducer stays a plain fold). */
export function progressRates(s: Progress): ProgressRates {
	const elapsed = s.sessionStartedAt !== null && s.lastAt !== null ? s.lastAt - s.sessionStartedAt : 0;
	const fraction = s.total > 0 ? s.done / s.total : 0;
	const answersPerMinute = elapsed > 0 && s.sessionAnswers > 0 ? (s.sessionAnswers * 60_000) / elapsed : null;
	const prefillTokensPerS = s.measuredPrefillMs > 0 ? (s.measuredPrefillTokens * 1000) / s.measuredPrefillMs : null;
	const decodeTokensPerS = s.decodeMs > 0 ? (s.decodedTokens * 1000) / s.decodeMs : null;
	const remaining = s.total - s.done;
	let timeLeftMs: number | null = null;
	if (remaining === 0) timeLeftMs = 0;
	else if (s.sessionAnswers > 0) {
		// Prefill and decode are timed apart: with prefix reuse the first question of a context costs far more than
		// the rest, so "mean time per answer so far" would mislead early in a context.
		const prefillLeft = Math.max(0, s.plannedPrefillTokens - s.prefilledTokens);
		// Without a measured rate (the reference, HTTP) the time to first token is part of each answer's cost.
		const prefillPart = prefillTokensPerS ? (prefillLeft * 1000) / prefillTokensPerS : (s.prefillMs / s.sessionAnswers) * remaining;
		const decodePart = (s.decodeMs / s.sessionAnswers) * remaining;
		const overhead = Math.max(0, elapsed - s.prefillMs - s.decodeMs) / s.sessionAnswers;
		timeLeftMs = prefillPart + decodePart + overhead * remaining;
	}
	return { fraction, answersPerMinute, prefillTokensPerS, decodeTokensPerS, timeLeftMs };
}
