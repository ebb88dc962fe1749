// The speed check's weight writer in real Chromium: a pool of module workers makes the shards and stores them in
// web-llm's IndexedDB layout; the bytes equal what one thread makes from the same seed; delete leaves nothing.
import { describe, expect, it } from 'vitest';
import { countSynthetic, deleteSynthetic, provisionSynthetic, writeShardHere } from '$lib/speed/synthetic-idb';
import { createShardPool } from '$lib/speed/shard-pool';
import { CACHE_STORE, MODEL_DB } from '$lib/engines/webllm/runtime';
import type { LibraryMeta } from '$lib/engines/webllm/synthetic';

const META: LibraryMeta = {
	modelType: 'mistral', quantization: 'q4f32_1', contextWindowSize: 4096, prefillChunkSize: 1024, slidingWindowSize: -1,
	attentionSinkSize: 0, kvStateKind: 'kv_cache', kvCache: { numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 4 },
	params: [
		{ name: 'model.embed_tokens.q_weight', shape: ['vocab_size', 64], dtype: 'uint32' },
		{ name: 'model.embed_tokens.q_scale', shape: ['vocab_size', 8], dtype: 'float32' },
		{ name: 'model.layers.0.mlp.q_weight', shape: [512, 64], dtype: 'uint32' },
		{ name: 'model.norm.weight', shape: [64], dtype: 'float32' }
	]
};

async function get(url: string): Promise<ArrayBuffer | undefined> {
	const db = await new Promise<IDBDatabase>((res, rej) => {
		const r = indexedDB.open(MODEL_DB);
		r.onsuccess = () => res(r.result);
		r.onerror = () => rej(r.error);
	});
	const v = await new Promise<{ data: ArrayBuffer } | undefined>((res) => {
		const g = db.transaction(CACHE_STORE).objectStore(CACHE_STORE).get(url);
		g.onsuccess = () => res(g.result);
	});
	db.close();
	return v?.data;
}

describe('synthetic weights through a worker pool', () => {
	it('stores every shard, byte-identical to one-thread generation, and deletes them all', async () => {
		const base = `${location.origin}/__speed-synthetic__/pool-test/resolve/main/`;
		const pool = createShardPool(3);
		let jobs = 0;
		const p = await provisionSynthetic(META, {
			baseUrl: base, vocabSize: 300, contextWindow: 1024, seed: 9, webllm: '0.2.86', shardBytes: 64 * 1024,
			writeShard: (job) => (jobs++, pool.write(job))
		}).finally(() => pool.close());
		expect(p.shards).toBeGreaterThan(3);
		expect(jobs).toBe(p.shards);
		expect(await countSynthetic(base)).toBe(p.urls.length);
		const manifest = (await new Promise<{ records: { dataPath: string; nbytes: number; records: never[] }[] }>((res) => {
			const r = indexedDB.open(MODEL_DB);
			r.onsuccess = () => {
				const g = r.result.transaction(CACHE_STORE).objectStore(CACHE_STORE).get(base + 'ndarray-cache.json');
				g.onsuccess = () => (r.result.close(), res(g.result.data));
			};
		}));
		// Re-make each shard on this thread under another URL and compare bytes.
		for (const s of manifest.records) {
			const ref = `${base}ref-${s.dataPath}`;
			await writeShardHere({ url: ref, nbytes: s.nbytes, records: s.records, seed: 9 });
			const a = new Uint8Array((await get(base + s.dataPath))!);
			const b = new Uint8Array((await get(ref))!);
			expect(a.length).toBe(s.nbytes);
			expect(a.every((x, i) => x === b[i])).toBe(true);
		}
		await deleteSynthetic(base);
		expect(await countSynthetic(base)).toBe(0);
	});
});
