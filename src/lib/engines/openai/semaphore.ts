// A counting semaphore: the one place that bounds how many requests are in flight. The runner can hand the same
// instance to several engines so that, together, they never exceed a provider's concurrency limit.
import { EngineError } from '$lib/engines/engine';

export interface Semaphore {
	readonly limit: number;
	/** Requests holding a slot right now. */
	readonly active: number;
	/** Waits for a slot; the returned function gives it back (calling it twice is harmless). */
	acquire(signal?: AbortSignal): Promise<() => void>;
	run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createSemaphore(limit: number): Semaphore {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a whole number >= 1, got ${limit}`);
	let active = 0;
	const waiting: Array<() => void> = [];

	function releaser(): () => void {
		let done = false;
		return () => {
			if (done) return;
			done = true;
			const next = waiting.shift();
			// Hand the slot straight to the next waiter so a newcomer cannot overtake it.
			if (next) next();
			else active--;
		};
	}

	async function acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) throw new EngineError('aborted', 'Request cancelled.');
		if (active < limit) {
			active++;
			return releaser();
		}
		return new Promise((resolve, reject) => {
			const grant = (): void => {
				signal?.removeEventListener('abort', onAbort);
				resolve(releaser());
			};
			const onAbort = (): void => {
				const i = waiting.indexOf(grant);
				if (i >= 0) waiting.splice(i, 1);
				reject(new EngineError('aborted', 'Request cancelled.'));
			};
			waiting.push(grant);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	return {
		limit,
		get active() {
			return active;
		},
		acquire,
		async run(fn, signal) {
			const release = await acquire(signal);
			try {
				return await fn();
			} finally {
				release();
			}
		}
	};
}
