import { describe, expect, it } from 'vitest';
import { createWakeLock } from '$lib/runner/wake-lock';

function fakes(opts: { deny?: boolean } = {}) {
	const sentinels: { released: boolean; release(): Promise<void> }[] = [];
	const listeners = new Set<() => void>();
	const api = {
		async request(type: 'screen') {
			expect(type).toBe('screen');
			if (opts.deny) throw new DOMException('Wake lock permission denied', 'NotAllowedError');
			const s = { released: false, release: async () => void (s.released = true) };
			sentinels.push(s);
			return s;
		}
	};
	const doc = {
		visibilityState: 'visible',
		addEventListener: (_: 'visibilitychange', cb: () => void) => void listeners.add(cb),
		removeEventListener: (_: 'visibilitychange', cb: () => void) => void listeners.delete(cb),
		fire() {
			for (const cb of listeners) cb();
		},
		listeners
	};
	return { api, doc, sentinels };
}

describe('wake lock', () => {
	it('holds the lock, takes it again when the tab comes back, and lets go', async () => {
		const { api, doc, sentinels } = fakes();
		const lock = createWakeLock(api, doc);
		expect(lock.supported).toBe(true);
		expect(await lock.acquire()).toBe(true);
		expect(lock.held).toBe(true);
		// The browser drops the lock when the tab is hidden.
		sentinels[0].released = true;
		doc.visibilityState = 'hidden';
		doc.fire();
		expect(sentinels).toHaveLength(1);
		doc.visibilityState = 'visible';
		doc.fire();
		await Promise.resolve();
		expect(sentinels).toHaveLength(2);
		expect(lock.held).toBe(true);
		await lock.release();
		expect(lock.held).toBe(false);
		expect(sentinels[1].released).toBe(true);
		expect(doc.listeners.size).toBe(0);
	});

	it('reports a refusal and works as a no-op without the API', async () => {
		const { api, doc } = fakes({ deny: true });
		const lock = createWakeLock(api, doc);
		expect(await lock.acquire()).toBe(false);
		expect(lock.error).toMatch(/permission denied/);
		const none = createWakeLock(null, null);
		expect(none.supported).toBe(false);
		expect(await none.acquire()).toBe(false);
		await none.release();
		expect(none.held).toBe(false);
	});
});
