// Synthetic weights put straight where web-llm reads them from, so loading needs no weight byte from the network:
// web-llm's IndexedDB cache (appConfig cacheBackend "indexeddb" / useIndexedDBCache), databases `webllm/model` and
// `webllm/config`, one store `urls` keyed by `url`, records `{url, data}` — JSON files stored parsed, shards and the
// tokenizer as ArrayBuffers (read from web-llm 0.2.79 and 0.2.86: `ArtifactIndexedDBCache.addToIndexedDB`).
// web-llm checks `isUrlInDB` before every fetch, so a present record is never fetched.
import {
	buildChatConfig, buildTokenizerJson, fillTensor, inferDims, planShards, resolveParams, type LibraryMeta, type TensorCache, type TensorRecord
} from '$lib/engines/webllm/synthetic';

import { CACHE_STORE as STORE, CONFIG_DB, MODEL_DB, WASM_DB } from '$lib/engines/webllm/model-cache';

export { CONFIG_DB, MODEL_DB, WASM_DB };

export interface ProvisionOptions {
	/** The folder URL web-llm resolves the record's `model` to (…/resolve/main/). */
	baseUrl: string;
	/** Used where the library leaves `vocab_size` symbolic (Mistral libraries); FILM-7B has 32,000. */
	vocabSize: number;
	contextWindow: number;
	seed: number;
	shardBytes?: number;
	idb?: IDBFactory;
	onProgress?: (doneBytes: number, totalBytes: number) => void;
	/**
	 * Makes and stores one shard (default: here, one after another). run.ts passes a pool of workers: generating
	 * 4 GiB of nibbles on one thread took ~2 of the first H100 run's 5.6 minutes.
	 */
	writeShard?: (job: ShardJob) => Promise<void>;
}

export interface ShardJob {
	url: string;
	nbytes: number;
	records: TensorRecord[];
	seed: number;
}

/** Fills one shard's bytes (tensors end to end, each from its own seeded stream) and stores it. */
export async function writeShardHere(job: ShardJob, idb: IDBFactory = indexedDB): Promise<void> {
	// One shard in memory at a time per thread: a 7B model is ~4 GiB, far more than a page should hold at once.
	const buf = new Uint8Array(job.nbytes);
	for (const t of job.records) fillTensor(t, job.seed, buf.subarray(t.byteOffset, t.byteOffset + t.nbytes));
	const db = await openStore(idb, MODEL_DB);
	try {
		await putAll(db, [{ url: job.url, data: buf.buffer }]);
	} finally {
		db.close();
	}
}

export interface Provisioned {
	baseUrl: string;
	urls: string[];
	weightsBytes: number;
	shards: number;
	vocabSize: number;
}

export function openStore(idb: IDBFactory, name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		// Version 1 with the store web-llm would create: its own open(name, 1) then needs no upgrade.
		const req = idb.open(name, 1);
		req.onupgradeneeded = () => {
			if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'url' });
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function txDone(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
	});
}

async function putAll(db: IDBDatabase, records: { url: string; data: unknown }[]): Promise<void> {
	const tx = db.transaction(STORE, 'readwrite');
	const store = tx.objectStore(STORE);
	for (const r of records) store.put(r);
	await txDone(tx);
}

/** The vocabulary size the weights will have: the library's own number where it gives one. */
export function vocabFor(meta: LibraryMeta, fallback: number): number {
	return inferDims(meta, {}).vocab_size ?? fallback;
}

export async function provisionSynthetic(meta: LibraryMeta, o: ProvisionOptions): Promise<Provisioned> {
	const idb = o.idb ?? indexedDB;
	const base = o.baseUrl;
	const vocabSize = vocabFor(meta, o.vocabSize);
	const cache: TensorCache = planShards(resolveParams(meta, inferDims(meta, { vocab_size: vocabSize })), o.shardBytes);
	const total = cache.metadata.ParamBytes;
	const urls: string[] = [];
	const config = await openStore(idb, CONFIG_DB);
	const model = await openStore(idb, MODEL_DB);
	try {
		const cfgUrl = new URL('mlc-chat-config.json', base).href;
		await putAll(config, [{ url: cfgUrl, data: buildChatConfig(meta, { vocabSize, contextWindowSize: o.contextWindow }) }]);
		urls.push(cfgUrl);
		const tok = new TextEncoder().encode(buildTokenizerJson(vocabSize));
		const small = [
			// 0.2.79 reads ndarray-cache.json, 0.2.80+ tensor-cache.json: both, so either worker loads.
			{ url: new URL('ndarray-cache.json', base).href, data: cache },
			{ url: new URL('tensor-cache.json', base).href, data: cache },
			{ url: new URL('tokenizer.json', base).href, data: tok.buffer.slice(tok.byteOffset, tok.byteOffset + tok.byteLength) }
		];
		await putAll(model, small);
		urls.push(...small.map((r) => r.url));
		let done = 0;
		const one = async (shard: TensorCache['records'][number]) => {
			const url = new URL(shard.dataPath, base).href;
			const job = { url, nbytes: shard.nbytes, records: shard.records, seed: o.seed };
			await (o.writeShard ? o.writeShard(job) : writeShardHere(job, idb));
			urls.push(url);
			done += shard.nbytes;
			o.onProgress?.(done, total);
		};
		// A pool queues its own jobs (bounded memory); here, one shard after another.
		if (o.writeShard) await Promise.all(cache.records.map(one));
		else for (const shard of cache.records) await one(shard);
	} finally {
		config.close();
		model.close();
	}
	return { baseUrl: base, urls, weightsBytes: total, shards: cache.records.length, vocabSize };
}

async function existing(idb: IDBFactory): Promise<Set<string>> {
	if (typeof idb.databases !== 'function') return new Set([MODEL_DB, CONFIG_DB, WASM_DB]);
	return new Set((await idb.databases()).map((d) => d.name ?? ''));
}

/** Deletes (or, with `dryRun`, counts) every record under `baseUrl` in web-llm's databases. */
async function sweep(baseUrl: string, dryRun: boolean, idb: IDBFactory): Promise<number> {
	let n = 0;
	const have = await existing(idb);
	for (const name of [MODEL_DB, CONFIG_DB, WASM_DB]) {
		if (!have.has(name)) continue; // opening a missing database would create it
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = idb.open(name);
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		try {
			if (!db.objectStoreNames.contains(STORE)) continue;
			const tx = db.transaction(STORE, dryRun ? 'readonly' : 'readwrite');
			const done = txDone(tx);
			// Keys only: a cursor over values would read gigabytes back just to delete them.
			const req = tx.objectStore(STORE).openKeyCursor();
			req.onsuccess = () => {
				const c = req.result;
				if (!c) return;
				if (String(c.primaryKey).startsWith(baseUrl)) {
					n++;
					if (!dryRun) tx.objectStore(STORE).delete(c.primaryKey);
				}
				c.continue();
			};
			await done;
		} finally {
			db.close();
		}
	}
	return n;
}

export function deleteSynthetic(baseUrl: string, idb: IDBFactory = indexedDB): Promise<number> {
	return sweep(baseUrl, false, idb);
}

export function countSynthetic(baseUrl: string, idb: IDBFactory = indexedDB): Promise<number> {
	return sweep(baseUrl, true, idb);
}
