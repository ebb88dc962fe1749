import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, parseRetryAfter, retryDelayMs, sleep } from '$lib/engines/openai/retry';
import { EngineError } from '$lib/engines/engine';

describe('Retry-After', () => {
	const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
	it('reads delta-seconds', () => {
		expect(parseRetryAfter('120', now)).toBe(120_000);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter('1.5', now)).toBe(1500);
	});
	it('reads an HTTP date, and treats a past date as "now"', () => {
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
	});
	it('ignores absent or unreadable values', () => {
		for (const v of [null, undefined, '', 'soon', '-5', '1 2']) expect(parseRetryAfter(v, now), String(v)).toBeNull();
	});
});

describe('backoff', () => {
	const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
	it('grows exponentially up to the ceiling, with full jitter below it', () => {
		expect([0, 1, 2, 3, 4, 10].map((r) => retryDelayMs(r, policy, null, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
		expect(retryDelayMs(3, policy, null, () => 0)).toBe(0);
	});
	it('waits at least the Retry-After the server asked for', () => {
		expect(retryDelayMs(0, policy, 5000, () => 0)).toBe(5000);
		const withJitter = retryDelayMs(0, policy, 5000, () => 0.999999);
		expect(withJitter).toBeGreaterThanOrEqual(5000);
		expect(withJitter).toBeLessThan(5000 + policy.baseDelayMs);
	});
	it('sleep wakes with an "aborted" error when the signal fires', async () => {
		const c = new AbortController();
		const p = sleep(60_000, c.signal);
		c.abort();
		await expect(p).rejects.toMatchObject({ kind: 'aborted' });
		await expect(sleep(1, AbortSignal.abort())).rejects.toBeInstanceOf(EngineError);
	});
});
