// A full disk, for real: Chromium's quota for this origin is lowered through the DevTools protocol, and a write that
// outgrows it must reject with an error named QuotaExceededError (what callers test to say "storage is full"),
// leaving what earlier calls wrote in place.
import { describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import { deleteUnder, missingModelFiles, putModelFiles } from '$lib/engines/webllm/runtime';

function noise(bytes: number): ArrayBuffer {
	// Random bytes: Chromium compresses what it stores, and zeros would fit any quota.
	const a = new Uint8Array(bytes);
	for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(a.subarray(i, Math.min(bytes, i + 65536)));
	return a.buffer;
}

describe('web-llm cache writes against a full quota', () => {
	it('reject with QuotaExceededError and keep the files already written', async () => {
		const base = `${location.origin}/quota-test/resolve/main/`;
		const session = cdp();
		const { usage = 0 } = await navigator.storage.estimate();
		// Room for other test files writing to this origin meanwhile (a few MB), not for the 96 MB shard.
		await session.send('Storage.overrideQuotaForOrigin', { origin: location.origin, quotaSize: usage + 48 * 2 ** 20 });
		try {
			await putModelFiles(base, [{ name: 'params_shard_0.bin', data: noise(2 ** 20) }]);
			// Other test files may free space on this origin meanwhile, so keep writing 96 MB shards until the quota
			// bites; each must either land whole or fail with nothing of its call kept.
			let err: unknown = null;
			let k = 1;
			for (; k <= 8 && !err; k++)
				err = await putModelFiles(base, [
					{ name: `params_shard_${k}.bin`, data: noise(96 * 2 ** 20) },
					{ name: `tensor-cache-${k}.json`, data: { records: [] } }
				]).then(() => null, (e: unknown) => e);
			const failed = k - 1;
			expect((err as Error).name).toBe('QuotaExceededError');
			const kept = Array.from({ length: failed }, (_, i) => (i === 0 ? 'params_shard_0.bin' : `params_shard_${i}.bin`));
			expect(await missingModelFiles(base, [...kept, `params_shard_${failed}.bin`, `tensor-cache-${failed}.json`])).toEqual([`params_shard_${failed}.bin`, `tensor-cache-${failed}.json`]);
		} finally {
			await session.send('Storage.overrideQuotaForOrigin', { origin: location.origin });
			await deleteUnder(base);
		}
	});
});
