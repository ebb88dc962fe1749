// Pause and cancel are both an abort of the engine's signal; the reason tells the runner which one it was.

export type StopRequest = 'pause' | 'cancel';

export interface RunControl {
	readonly signal: AbortSignal;
	pause(): void;
	cancel(): void;
}

export function createRunControl(): RunControl {
	const ac = new AbortController();
	return {
		signal: ac.signal,
		pause: () => ac.abort('pause' satisfies StopRequest),
		cancel: () => ac.abort('cancel' satisfies StopRequest)
	};
}

/** What an aborted signal asked for; any foreign abort reason counts as a pause (nothing is thrown away). */
export function stopRequest(signal: AbortSignal | undefined): StopRequest | null {
	if (!signal?.aborted) return null;
	return signal.reason === 'cancel' ? 'cancel' : 'pause';
}
