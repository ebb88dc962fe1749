// The hash worker as the converter starts it: a real module worker in Chromium, fed through workerHasher, gives
// the same digest and checkpoints as hashing inline.
import { describe, expect, it } from 'vitest';
import { inlineHasher, workerHasher } from '$lib/convert/run/hasher';
import { sha256Hex } from '$lib/convert/hash/sha256';

const spawn = () => new Worker(new URL('../../src/lib/workers/hash.worker.ts', import.meta.url), { type: 'module' }) as never;

describe('the hash worker in a browser', () => {
	it('hashes a file in chunks to the inline digest, with a snapshot after each chunk', async () => {
		const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) & 255);
		const positions: number[] = [];
		const h = workerHasher(spawn)(null, (s) => positions.push(s.pos));
		for (let at = 0; at < bytes.length; at += 65_536) await h.update(bytes.slice(at, at + 65_536), Math.min(bytes.length, at + 65_536));
		const hex = await h.finish();
		h.close();
		expect(hex).toBe(sha256Hex(bytes));
		expect(positions).toEqual([65_536, 131_072, 196_608, 262_144, 300_000]);
		const inline = inlineHasher(null, () => {});
		await inline.update(bytes, bytes.length);
		expect(await inline.finish()).toBe(hex);
	});
});
