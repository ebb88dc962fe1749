// Every read and write of web-llm's IndexedDB cache (layout in cache-layout.ts): the model manager's listing and
// delete, the converter's and the speed check's writes, and the key-only checks. Runs on the page or in a worker:
// no web-llm import.
import {
	APP_WEBLLM, CACHE_STORE, CONFIG_DB, MODEL_DB, WASM_DB, WEBLLM_DATABASES, databaseFor, fileUrl, modelUrlOf, recordDataFor, sizeOf,
	type CacheRecord, type FileData, type WebLlmVersion
} from './cache-layout';
import { eachKey, eachRecord, openForWrite, request, txDone, withExistingStore } from './cache-idb';

export interface CachedModel {
	/** The weight folder's URL as web-llm fetched it (…/resolve/main/). */
	modelUrl: string;
	bytes: number;
	files: number;
}

export interface ModelFile {
	/** The file's name inside the folder: `mlc-chat-config.json`, `tensor-cache.json`, `params_shard_0.bin`, … */
	name: string;
	/** Bytes, or parsed JSON for the JSON files; stored in the form web-llm reads either way. */
	data: ArrayBuffer | object;
}

export interface PutOptions {
	/** Which web-llm will read the folder (the chat config's form differs): the app's by default. */
	webllm?: WebLlmVersion;
}

async function putRecords(idb: IDBFactory, name: string, records: CacheRecord[]): Promise<void> {
	if (!records.length) return;
	const db = await openForWrite(idb, name);
	try {
		const tx = db.transaction(CACHE_STORE, 'readwrite');
		const done = txDone(tx);
		const store = tx.objectStore(CACHE_STORE);
		try {
			for (const r of records) store.put(r);
		} catch (e) {
			tx.abort();
			await done.catch(() => undefined);
			throw e;
		}
		await done;
	} finally {
		db.close();
	}
}

/**
 * Writes files of one model folder where web-llm reads them: the chat config into `webllm/config`, everything else
 * (tensor manifests, tokenizer files, shards) into `webllm/model`. One transaction per database, the model's first:
 * a call that fails (a full quota rejects with an error named QuotaExceededError) leaves the earlier calls' files
 * as they were, and writes no config after weights that did not land.
 */
export async function putModelFiles(baseUrl: string, files: ModelFile[], idb: IDBFactory = indexedDB, o: PutOptions = {}): Promise<void> {
	const version = o.webllm ?? APP_WEBLLM;
	const by = new Map<string, CacheRecord[]>([[MODEL_DB, []], [CONFIG_DB, []]]);
	// Every file is placed (and its JSON checked) before anything is written.
	for (const f of files) by.get(databaseFor(f.name))!.push({ url: fileUrl(baseUrl, f.name), data: recordDataFor(f.name, f.data as FileData, version) });
	await putRecords(idb, MODEL_DB, by.get(MODEL_DB)!);
	await putRecords(idb, CONFIG_DB, by.get(CONFIG_DB)!);
}

/** The names among `names` that web-llm's cache lacks under `baseUrl`. Looks at keys only: no shard is read back. */
export async function missingModelFiles(baseUrl: string, names: string[], idb: IDBFactory = indexedDB): Promise<string[]> {
	const present = new Set<string>();
	for (const db of [MODEL_DB, CONFIG_DB] as const) {
		const wanted = names.filter((n) => databaseFor(n) === db);
		if (!wanted.length) continue;
		await withExistingStore(idb, db, 'readonly', async (s) => {
			const counts = await Promise.all(wanted.map((n) => request(s.count(fileUrl(baseUrl, n)))));
			wanted.forEach((n, i) => counts[i] > 0 && present.add(n));
		}, undefined);
	}
	return names.filter((n) => !present.has(n));
}

/** Puts a model library where web-llm looks before fetching it (`webllm/wasm`). */
export function putLibrary(url: string, bytes: ArrayBuffer, idb: IDBFactory = indexedDB): Promise<void> {
	return putRecords(idb, WASM_DB, [{ url, data: bytes }]);
}

/** Deletes (or, with `dryRun`, counts) every record whose URL starts with `prefix`, in all three databases. */
async function sweep(prefix: string, dryRun: boolean, idb: IDBFactory): Promise<number> {
	let n = 0;
	for (const name of WEBLLM_DATABASES)
		await withExistingStore(idb, name, dryRun ? 'readonly' : 'readwrite', (s) => eachKey(s, (key) => {
			if (!String(key).startsWith(prefix)) return;
			n++;
			if (!dryRun) s.delete(key);
		}), undefined);
	return n;
}

/** Deletes every cached record under `prefix` (model files and libraries); returns how many went. */
export function deleteUnder(prefix: string, idb: IDBFactory = indexedDB): Promise<number> {
	return sweep(prefix, false, idb);
}

/** How many cached records lie under `prefix`, keys only. */
export function countUnder(prefix: string, idb: IDBFactory = indexedDB): Promise<number> {
	return sweep(prefix, true, idb);
}

/** Cached weight folders with their sizes, largest first. */
export async function listCachedModels(idb: IDBFactory = indexedDB): Promise<CachedModel[]> {
	const groups = new Map<string, CachedModel>();
	for (const db of [MODEL_DB, CONFIG_DB]) {
		await withExistingStore(idb, db, 'readonly', (s) => eachRecord(s, (url, data) => {
			const key = modelUrlOf(url);
			const g = groups.get(key) ?? { modelUrl: key, bytes: 0, files: 0 };
			g.bytes += sizeOf(data);
			g.files += 1;
			groups.set(key, g);
		}), undefined);
	}
	// A folder with only a config left is no cached model.
	return [...groups.values()].filter((g) => g.bytes > 0).sort((a, b) => b.bytes - a.bytes);
}

/** Cached model libraries (wasm) with their sizes. */
export async function listCachedLibraries(idb: IDBFactory = indexedDB): Promise<{ url: string; bytes: number }[]> {
	const out: { url: string; bytes: number }[] = [];
	await withExistingStore(idb, WASM_DB, 'readonly', (s) => eachRecord(s, (url, data) => out.push({ url, bytes: sizeOf(data) })), undefined);
	return out;
}

/** Delete every cached file of one weight folder (shards, tokenizer, config). Returns how many were deleted. */
export async function deleteCachedModel(modelUrl: string, idb: IDBFactory = indexedDB): Promise<number> {
	const range = IDBKeyRange.bound(modelUrl, modelUrl + '\uffff');
	let n = 0;
	for (const db of [MODEL_DB, CONFIG_DB]) {
		n += await withExistingStore(idb, db, 'readwrite', async (s) => {
			const count = await request(s.count(range));
			s.delete(range);
			return count;
		}, 0);
	}
	return n;
}

/**
 * Each cached file of one folder, one record at a time (a 4 GB folder never sits in memory whole), as web-llm stored
 * it: bytes, or parsed JSON. For checks and benchmarks that read a converted folder back.
 */
export async function eachModelFile(baseUrl: string, visit: (name: string, data: ArrayBuffer | object) => Promise<void>, idb: IDBFactory = indexedDB): Promise<number> {
	let n = 0;
	for (const db of [MODEL_DB, CONFIG_DB] as const) {
		const keys = await withExistingStore(idb, db, 'readonly', (s) => request(s.getAllKeys(IDBKeyRange.bound(baseUrl, baseUrl + '\uffff'))), [] as IDBValidKey[]);
		for (const key of keys) {
			const row = await withExistingStore(idb, db, 'readonly', (s) => request(s.get(key)) as Promise<{ url: string; data: ArrayBuffer | object } | undefined>, undefined);
			if (!row) continue;
			await visit(row.url.slice(baseUrl.length), row.data);
			n++;
		}
	}
	return n;
}
