import { describe, expect, it } from 'vitest';
import { prepareDownload, PERSIST_ABOVE_BYTES } from '$lib/engines/webllm/storage';
import { modelUrlOf, sizeOf } from '$lib/engines/webllm/model-cache';

function storage(usage: number, quota: number, persisted = false) {
	const calls: string[] = [];
	return {
		calls,
		s: {
			estimate: async () => ({ usage, quota }),
			persisted: async () => persisted,
			persist: async () => {
				calls.push('persist');
				return true;
			}
		}
	};
}

describe('storage before a download', () => {
	it('asks for persistence before a multi-GB download and reports the room left', async () => {
		const { s, calls } = storage(1e9, 10e9);
		const p = await prepareDownload(4.2 * 2 ** 30, s);
		expect(calls).toEqual(['persist']);
		expect(p).toMatchObject({ persisted: true, freeBytes: 9e9, enough: true });
	});
	it('does not ask for a small download or when already persistent; says when the quota is short', async () => {
		const small = storage(0, 1e9);
		await prepareDownload(PERSIST_ABOVE_BYTES - 1, small.s);
		expect(small.calls).toEqual([]);
		const full = storage(9e9, 10e9, true);
		const p = await prepareDownload(4e9, full.s);
		expect(full.calls).toEqual([]);
		expect(p.enough).toBe(false);
	});
	it('copes with no storage API', async () => {
		expect(await prepareDownload(5e9, undefined)).toMatchObject({ enough: true, freeBytes: null, persisted: null });
	});
});

describe('cache record helpers', () => {
	it('finds the model folder of a cached file', () => {
		expect(modelUrlOf('https://hf.co/a/b/resolve/main/params_shard_3.bin')).toBe('https://hf.co/a/b/resolve/main/');
		expect(modelUrlOf('http://h/x/y.bin')).toBe('http://h/x/');
	});
	it('sizes shards by bytes and JSON by its text', () => {
		expect(sizeOf(new ArrayBuffer(12))).toBe(12);
		expect(sizeOf(new Uint8Array(5))).toBe(5);
		expect(sizeOf({ a: 'é' })).toBe(10);
		expect(sizeOf(null)).toBe(0);
	});
});
