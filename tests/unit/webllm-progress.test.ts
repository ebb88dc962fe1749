import { describe, expect, it } from 'vitest';
import { fetchShardBytes, parseProgress, shardListBytes } from '$lib/engines/webllm/progress';

const MiB = 2 ** 20;
const fetching = (i: number, n: number, mb: number, pct: number, s: number) =>
	`Fetching param cache[${i}/${n}]: ${mb}MB fetched. ${pct}% completed, ${s} secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.`;

describe('load progress', () => {
	it('derives bytes, speed and time left from the shard list and web-llm text', () => {
		const p = parseProgress({ progress: 0.25, timeElapsed: 10, text: fetching(27, 108, 1000, 25, 10) }, 4000 * MiB);
		expect(p).toMatchObject({ phase: 'fetch', shard: 27, shards: 108, bytesDone: 1000 * MiB, bytesTotal: 4000 * MiB });
		expect(p.bytesPerS).toBe(100 * MiB);
		expect(p.secondsLeft).toBe(30);
	});
	it('falls back to the MB figure when the shard list is unknown', () => {
		const p = parseProgress({ progress: 0.5, timeElapsed: 4, text: fetching(2, 4, 64, 50, 4) }, null);
		expect(p.bytesDone).toBe(64 * MiB);
		expect(p.bytesTotal).toBe(128 * MiB);
		expect(p.secondsLeft).toBe(4);
	});
	it('knows the other phases', () => {
		expect(parseProgress({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' }, 10).phase).toBe('start');
		const shaders = parseProgress({ progress: 0.9, timeElapsed: 50, text: 'Loading GPU shader modules[12/40]: 30% completed, 50 secs elapsed.' }, 10);
		expect(shaders).toMatchObject({ phase: 'shaders', bytesDone: null, bytesPerS: null, shard: 12 });
		expect(parseProgress({ progress: 1, timeElapsed: 60, text: 'Finish loading on WebGPU - nvidia' }, null).phase).toBe('done');
	});
	it('sums a shard list and rejects what is not one', () => {
		expect(shardListBytes({ records: [{ nbytes: 10 }, { nbytes: 32 }] })).toBe(42);
		expect(shardListBytes({ records: [{ nbytes: '10' }] })).toBeNull();
		expect(shardListBytes(null)).toBeNull();
	});
	it('tries tensor-cache.json, then ndarray-cache.json (0.2.79)', async () => {
		const asked: string[] = [];
		const fake = (async (url: string) => {
			asked.push(url);
			if (url.endsWith('ndarray-cache.json')) return new Response(JSON.stringify({ records: [{ nbytes: 7 }] }));
			return new Response('no', { status: 404 });
		}) as unknown as typeof fetch;
		expect(await fetchShardBytes('http://h/m/resolve/main/', fake)).toBe(7);
		expect(asked).toEqual(['http://h/m/resolve/main/tensor-cache.json', 'http://h/m/resolve/main/ndarray-cache.json']);
	});
});
