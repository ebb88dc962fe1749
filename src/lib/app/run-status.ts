// What a run's status reads as on every page. The stored status alone misleads after a reload: a tab closed
// mid-run leaves "running" in the record although nothing runs, and a resume clears the pause reason.
import type { PauseReason, RunRecord } from '$lib/store/schema';

export interface RunStatusView {
	/** The word shown beside the run (the run page's `run-status`). */
	word: string;
	/** Why it stopped, in the engine's or runner's words; null when there is nothing to say. */
	detail: string | null;
	/** True when the record says "running" but no tab runs it: the page was closed or reloaded mid-run. */
	interrupted: boolean;
}

export interface RunActivity {
	/** This tab is running it now. */
	here: boolean;
	/** Another tab holds the run's lock (null: the browser cannot tell). */
	elsewhere?: boolean | null;
}

const REASON_WORDS: Record<PauseReason, string> = {
	user: 'paused',
	quota: 'paused (storage is full)',
	'device-lost': 'paused (the GPU was lost)',
	'engine-error': 'paused (the engine failed)',
	'storage-error': 'paused (an answer could not be stored)'
};

export function runStatusView(r: Pick<RunRecord, 'status' | 'pause' | 'lastPause'>, activity: RunActivity = { here: false }): RunStatusView {
	if (activity.here) return { word: 'running', detail: null, interrupted: false };
	if (r.status === 'running') {
		if (activity.elsewhere) return { word: 'running in another tab', detail: null, interrupted: false };
		const last = r.pause ?? r.lastPause ?? null;
		return {
			word: 'paused (the page was closed)',
			detail: last ? `Before that it had stopped once: ${last.message}` : null,
			interrupted: true
		};
	}
	if (r.status === 'paused') {
		const p = r.pause ?? r.lastPause ?? null;
		return { word: p ? REASON_WORDS[p.reason] : 'paused', detail: p && p.reason !== 'user' ? p.message : null, interrupted: false };
	}
	return { word: r.status, detail: null, interrupted: false };
}
