// A counting semaphore: at most `limit` holders at once, waiters served in the order they came. The HTTP engine
// bounds its requests in flight with it, the converter its row groups with the quantize backend.
export interface Semaphore {
	readonly limit: number;
	/** Holders right now. */
	readonly active: number;
	/** Waits for a slot; the returned function gives it back (calling it twice is harmless). */
	acquire(signal?: AbortSignal): Promise<() => void>;
	run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface SemaphoreOptions {
	/** What a wait cut short by its signal rejects with (default: the signal's reason). */
	abortError?: (signal: AbortSignal) => unknown;
	/** Names the limit in the message of a bad one. */
	what?: string;
}

export function createSemaphore(limit: number, o: SemaphoreOptions = {}): Semaphore {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`${o.what ?? 'the limit'} must be a whole number >= 1, got ${limit}`);
	const abortError = o.abortError ?? ((s: AbortSignal) => s.reason);
	let active = 0;
	const waiting: Array<() => void> = [];

	function releaser(): () => void {
		let done = false;
		return () => {
			if (done) return;
			done = true;
			// Hand the slot straight to the next waiter so a newcomer cannot overtake it.
			const next = waiting.shift();
			if (next) next();
			else active--;
		};
	}

	async function acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) throw abortError(signal);
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
				reject(abortError(signal!));
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
