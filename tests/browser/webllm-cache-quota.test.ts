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
			const err = await putModelFiles(base, [
				{ name: 'params_shard_1.bin', data: noise(96 * 2 ** 20) },
				{ name: 'tensor-cache.json', data: { records: [] } }
			]).catch((e: unknown) => e);
			expect((err as Error).name).toBe('QuotaExceededError');
			const names = ['params_shard_0.bin', 'params_shard_1.bin', 'tensor-cache.json'];
			expect(await missingModelFiles(base, names)).toEqual(['params_shard_1.bin', 'tensor-cache.json']);
		} finally {
			await session.send('Storage.overrideQuotaForOrigin', { origin: location.origin });
			await deleteUnder(base);
		}
	});
});
