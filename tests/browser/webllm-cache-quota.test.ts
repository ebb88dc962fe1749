// A full disk, for real: the writes go to a Chromium storage bucket opened with a 48 MB quota, so Chromium's own
// quota accounting refuses the write that outgrows it. It must reject with an error named QuotaExceededError (what
// callers test to say "storage is full"), leaving what earlier calls wrote in place.
//
// A bucket rather than the origin's quota lowered through the DevTools protocol: that override does not bite once
// another test file has used IndexedDB on this origin in the same browser context (seen when files run in an order
// a fresh clone picks), and a bucket's quota belongs to this test alone.
import { describe, expect, it } from 'vitest';
import { deleteUnder, missingModelFiles, putModelFiles } from '$lib/engines/webllm/runtime';

interface StorageBucket { indexedDB: IDBFactory }
interface StorageBucketManager {
	open(name: string, options?: { quota?: number; persisted?: boolean }): Promise<StorageBucket>;
	delete(name: string): Promise<void>;
}

function noise(bytes: number): ArrayBuffer {
	// Random bytes: Chromium compresses what it stores, and zeros would fit any quota.
	const a = new Uint8Array(bytes);
	for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(a.subarray(i, Math.min(bytes, i + 65536)));
	return a.buffer;
}

describe('web-llm cache writes against a full quota', () => {
	it('reject with QuotaExceededError and keep the files already written', async () => {
		const buckets = (navigator as Navigator & { storageBuckets?: StorageBucketManager }).storageBuckets;
		expect(buckets, 'this Chromium has the Storage Buckets API').toBeDefined();
		const name = `quota-test-${Date.now()}`;
		const { indexedDB: idb } = await buckets!.open(name, { quota: 48 * 2 ** 20 });
		const base = `${location.origin}/quota-test/resolve/main/`;
		try {
			await putModelFiles(base, [{ name: 'params_shard_0.bin', data: noise(2 ** 20) }], idb);
			const err = await putModelFiles(base, [
				{ name: 'params_shard_1.bin', data: noise(96 * 2 ** 20) },
				{ name: 'tensor-cache.json', data: { records: [] } }
			], idb).then(() => null, (e: unknown) => e);
			expect(err).toBeInstanceOf(Error);
			expect((err as Error).name).toBe('QuotaExceededError');
			// The earlier call's file is whole; nothing of the failed call was kept.
			expect(await missingModelFiles(base, ['params_shard_0.bin', 'params_shard_1.bin', 'tensor-cache.json'], idb))
				.toEqual(['params_shard_1.bin', 'tensor-cache.json']);
			// And the space is usable again once the partial model is deleted.
			expect(await deleteUnder(base, idb)).toBe(1);
			await putModelFiles(base, [{ name: 'params_shard_0.bin', data: noise(16 * 2 ** 20) }], idb);
			expect(await missingModelFiles(base, ['params_shard_0.bin'], idb)).toEqual([]);
		} finally {
			await buckets!.delete(name);
		}
	});
});
