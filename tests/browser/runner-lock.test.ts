import { describe, expect, it } from 'vitest';
import { acquireRunLock } from '$lib/runner/run-lock';

describe('run lock (Web Locks in Chromium)', () => {
	it('lets one runner hold a run; a second is refused until the first lets go', async () => {
		const id = `lock-${Date.now()}`;
		const first = await acquireRunLock(id);
		expect(first?.exclusive).toBe(true);
		expect(await acquireRunLock(id)).toBeNull();
		const other = await acquireRunLock(`${id}-other`);
		expect(other?.exclusive).toBe(true);
		first!.release();
		await new Promise((r) => setTimeout(r, 0));
		const again = await acquireRunLock(id);
		expect(again?.exclusive).toBe(true);
		again!.release();
		other!.release();
	});
});
