import { describe, expect, it } from 'vitest';
import { createSemaphore } from '$lib/engines/openai/semaphore';

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

describe('semaphore', () => {
	it('never lets more than `limit` tasks run, and serves waiters in order', async () => {
		const sem = createSemaphore(2);
		let running = 0;
		let peak = 0;
		const order: number[] = [];
		const gates = Array.from({ length: 6 }, () => deferred());
		const tasks = gates.map((g, i) =>
			sem.run(async () => {
				order.push(i);
				running++;
				peak = Math.max(peak, running);
				await g.promise;
				running--;
			})
		);
		for (const g of gates) {
			await new Promise((r) => setTimeout(r, 0));
			g.resolve();
		}
		await Promise.all(tasks);
		expect(peak).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5]);
		expect(sem.active).toBe(0);
	});

	it('drops a waiter whose signal fires, and a double release gives back one slot only', async () => {
		const sem = createSemaphore(1);
		const release = await sem.acquire();
		const c = new AbortController();
		const waiting = sem.acquire(c.signal);
		c.abort();
		await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
		release();
		release();
		expect(sem.active).toBe(0);
		const a = await sem.acquire();
		let second = false;
		const b = sem.acquire().then((r) => ((second = true), r));
		await new Promise((r) => setTimeout(r, 5));
		expect(second).toBe(false);
		a();
		(await b)();
		expect(sem.active).toBe(0);
	});

	it('rejects a limit that is not a whole number >= 1', () => {
		for (const n of [0, -1, 1.5, NaN]) expect(() => createSemaphore(n)).toThrow(RangeError);
	});
});
