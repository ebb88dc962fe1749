import { describe, expect, it } from 'vitest';
import { acquireRunLock } from '$lib/runner/run-lock';

describe('run lock without Web Locks', () => {
	it('is granted but says it is advisory only', async () => {
		const lock = await acquireRunLock('r1', null);
		expect(lock).not.toBeNull();
		expect(lock!.exclusive).toBe(false);
		lock!.release();
	});

	it('falls back to advisory when the lock manager fails, and refuses when the lock is taken', async () => {
		const broken = { request: () => Promise.reject(new DOMException('no', 'SecurityError')) };
		expect(await acquireRunLock('r1', broken)).toMatchObject({ exclusive: false });
		const taken = { request: async (_n: string, _o: object, cb: (l: unknown) => unknown) => cb(null) };
		expect(await acquireRunLock('r1', taken)).toBeNull();
	});
});
