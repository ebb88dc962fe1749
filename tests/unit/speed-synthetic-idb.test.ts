import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { countSynthetic, deleteSynthetic, provisionSynthetic, vocabFor } from '$lib/speed/synthetic-idb';
import type { LibraryMeta } from '$lib/engines/webllm/synthetic';
import { CACHE_STORE, CONFIG_DB, MODEL_DB } from '$lib/engines/webllm/runtime';

const META: LibraryMeta = {
	modelType: 'mistral', quantization: 'q4f32_1', contextWindowSize: 4096, prefillChunkSize: 1024, slidingWindowSize: -1,
	attentionSinkSize: 0, kvStateKind: 'kv_cache', kvCache: { numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 4 },
	params: [
		{ name: 'model.embed_tokens.q_weight', shape: ['vocab_size', 2], dtype: 'uint32' },
		{ name: 'model.embed_tokens.q_scale', shape: ['vocab_size', 1], dtype: 'float32' },
		{ name: 'model.norm.weight', shape: [8], dtype: 'float32' }
	]
};
const BASE = 'http://127.0.0.1:9/__speed-synthetic__/m/resolve/main/';

function read(idb: IDBFactory, db: string): Promise<{ url: string; data: unknown }[]> {
	return new Promise((resolve, reject) => {
		const r = idb.open(db);
		r.onsuccess = () => {
			const g = r.result.transaction(CACHE_STORE).objectStore(CACHE_STORE).getAll();
			g.onsuccess = () => {
				r.result.close();
				resolve(g.result as { url: string; data: unknown }[]);
			};
		};
		r.onerror = () => reject(r.error);
	});
}

describe('synthetic weights in web-llm’s IndexedDB layout', () => {
	it('writes config, manifests, tokenizer and shards under …/resolve/main/, then deletes exactly those', async () => {
		const idb = new IDBFactory();
		// Something else web-llm cached: must survive the delete.
		await new Promise<void>((res) => {
			const r = idb.open(MODEL_DB, 1);
			r.onupgradeneeded = () => r.result.createObjectStore(CACHE_STORE, { keyPath: 'url' });
			r.onsuccess = () => {
				const tx = r.result.transaction(CACHE_STORE, 'readwrite');
				tx.objectStore(CACHE_STORE).put({ url: 'https://huggingface.co/x/resolve/main/params_shard_0.bin', data: new ArrayBuffer(4) });
				tx.oncomplete = () => (r.result.close(), res());
			};
		});
		const progress: number[] = [];
		const p = await provisionSynthetic(META, { baseUrl: BASE, vocabSize: 40, contextWindow: 2048, seed: 5, webllm: '0.2.79', shardBytes: 200, idb, onProgress: (d) => progress.push(d) });
		expect(p.vocabSize).toBe(40);
		expect(p.weightsBytes).toBe(40 * 2 * 4 + 40 * 4 + 8 * 4);
		expect(p.shards).toBeGreaterThan(1);
		expect(progress.at(-1)).toBe(p.weightsBytes);

		const model = await read(idb, MODEL_DB);
		const cfg = await read(idb, CONFIG_DB);
		expect(cfg.map((r) => r.url)).toEqual([BASE + 'mlc-chat-config.json']);
		expect(cfg[0].data).toMatchObject({ vocab_size: 40, context_window_size: 2048, sliding_window_size: -1, tokenizer_files: ['tokenizer.json'] });
		const byUrl = new Map(model.map((r) => [r.url, r.data]));
		const manifest = byUrl.get(BASE + 'ndarray-cache.json') as { records: { dataPath: string; nbytes: number }[] };
		expect(byUrl.get(BASE + 'tensor-cache.json')).toEqual(manifest);
		for (const s of manifest.records) {
			const data = byUrl.get(BASE + s.dataPath);
			expect(data).toBeInstanceOf(ArrayBuffer);
			expect((data as ArrayBuffer).byteLength).toBe(s.nbytes);
		}
		const tok = JSON.parse(new TextDecoder().decode(byUrl.get(BASE + 'tokenizer.json') as ArrayBuffer));
		expect(Object.keys(tok.model.vocab)).toHaveLength(40);
		// The norm is ones; the packed nibbles are all in 0…14 (zero mean after the −7 offset).
		const normShard = manifest.records.find((s) => (s as unknown as { records: { name: string }[] }).records.some((t) => t.name === 'model.norm.weight'))!;
		expect(Array.from(new Float32Array(byUrl.get(BASE + normShard.dataPath) as ArrayBuffer)).slice(-8)).toEqual(Array(8).fill(1));
		const q = new Uint8Array(byUrl.get(BASE + manifest.records[0].dataPath) as ArrayBuffer);
		expect(q.every((b) => (b & 15) < 15 && b >> 4 < 15)).toBe(true);

		expect(await countSynthetic(BASE, idb)).toBe(p.urls.length);
		expect(await deleteSynthetic(BASE, idb)).toBe(p.urls.length);
		expect(await countSynthetic(BASE, idb)).toBe(0);
		expect((await read(idb, MODEL_DB)).map((r) => r.url)).toEqual(['https://huggingface.co/x/resolve/main/params_shard_0.bin']);
	});

	it('keeps the library’s own vocabulary where it gives a number', () => {
		const qwen = { ...META, params: [{ name: 'model.embed_tokens.q_weight', shape: [151936, 112], dtype: 'uint32' }] };
		expect(vocabFor(qwen, 32000)).toBe(151936);
		expect(vocabFor(META, 32000)).toBe(32000);
	});
});
