// When to try again: exponential backoff with full jitter, overridden by a server's Retry-After.
import { EngineError } from '$lib/engines/engine';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Backoff ceiling of the first retry; doubles each retry. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited out: the request fails with a rate-limit error instead. */
	maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000
};

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns milliseconds to wait, or null
 * when absent or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
	if (value == null) return null;
	const text = value.trim();
	if (text === '') return null;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// Only accept something that looks like a date: Date.parse is lenient enough to read "1 2" as a year.
	if (!/[a-z]/i.test(text)) return null;
	const at = Date.parse(text);
	if (Number.isNaN(at)) return null;
	return Math.max(0, at - nowMs);
}

/**
 * Delay before retry number `retry` (0 = first retry). Full jitter spreads clients that failed together;
 * a Retry-After is a floor the server asked for, so only a little jitter is added on top of it.
 */
export function retryDelayMs(
	retry: number,
	policy: RetryPolicy,
	retryAfterMs: number | null,
	random: () => number = Math.random
): number {
	if (retryAfterMs != null) return retryAfterMs + Math.floor(random() * Math.min(250, policy.baseDelayMs));
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	return Math.floor(random() * ceiling);
}

/** Sleeps, but wakes (rejecting with an "aborted" error) as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(new EngineError('aborted', 'Request cancelled.'));
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(new EngineError('aborted', 'Request cancelled.'));
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
