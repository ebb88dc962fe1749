// What web-llm has cached in IndexedDB (appConfig.cacheBackend "indexeddb"): databases `webllm/model`,
// `webllm/config` and `webllm/wasm`, each with one store `urls` of `{url, data}` records keyed by absolute URL.
// Runs on the page: no web-llm import, no worker round trip.

export const MODEL_DB = 'webllm/model';
export const CONFIG_DB = 'webllm/config';
export const WASM_DB = 'webllm/wasm';
export const CACHE_STORE = 'urls';

export interface CachedModel {
	/** The weight folder's URL as web-llm fetched it (…/resolve/main/). */
	modelUrl: string;
	bytes: number;
	files: number;
}

/** The folder a cached file belongs to: up to "/resolve/<rev>/" when present, else its directory. */
export function modelUrlOf(fileUrl: string): string {
	const m = fileUrl.match(/^(.*?\/resolve\/[^/]+\/)/);
	if (m) return m[1];
	return fileUrl.slice(0, fileUrl.lastIndexOf('/') + 1);
}

/** Stored size of a record's data: ArrayBuffers (shards) by length, JSON (configs) by its serialized size. */
export function sizeOf(data: unknown): number {
	if (data instanceof ArrayBuffer) return data.byteLength;
	if (ArrayBuffer.isView(data)) return data.byteLength;
	if (data === undefined || data === null) return 0;
	return new TextEncoder().encode(typeof data === 'string' ? data : JSON.stringify(data)).byteLength;
}

async function exists(idb: IDBFactory, name: string): Promise<boolean> {
	// Opening a database that does not exist would create an empty one: ask the list first.
	if (typeof idb.databases !== 'function') return true;
	return (await idb.databases()).some((d) => d.name === name);
}

function open(idb: IDBFactory, name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = idb.open(name);
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

async function withStore<T>(idb: IDBFactory, name: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => Promise<T>, empty: T): Promise<T> {
	if (!(await exists(idb, name))) return empty;
	const db = await open(idb, name);
	try {
		if (!db.objectStoreNames.contains(CACHE_STORE)) return empty;
		const tx = db.transaction(CACHE_STORE, mode);
		const done = new Promise<void>((res, rej) => {
			tx.oncomplete = () => res();
			tx.onerror = () => rej(tx.error);
			tx.onabort = () => rej(tx.error);
		});
		const out = await fn(tx.objectStore(CACHE_STORE));
		await done;
		return out;
	} finally {
		db.close();
	}
}

function eachRecord(store: IDBObjectStore, visit: (url: string, data: unknown) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = store.openCursor();
		req.onsuccess = () => {
			const c = req.result;
			if (!c) return resolve();
			const v = c.value as { url?: unknown; data?: unknown };
			visit(typeof v?.url === 'string' ? v.url : String(c.key), v?.data);
			c.continue();
		};
		req.onerror = () => reject(req.error);
	});
}

/** Cached weight folders with their sizes, largest first. */
export async function listCachedModels(idb: IDBFactory = indexedDB): Promise<CachedModel[]> {
	const groups = new Map<string, CachedModel>();
	for (const db of [MODEL_DB, CONFIG_DB]) {
		await withStore(idb, db, 'readonly', (s) => eachRecord(s, (url, data) => {
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
	await withStore(idb, WASM_DB, 'readonly', (s) => eachRecord(s, (url, data) => out.push({ url, bytes: sizeOf(data) })), undefined);
	return out;
}

/** Delete every cached file of one weight folder (shards, tokenizer, config). Returns how many were deleted. */
export async function deleteCachedModel(modelUrl: string, idb: IDBFactory = indexedDB): Promise<number> {
	const range = IDBKeyRange.bound(modelUrl, modelUrl + '\uffff');
	let n = 0;
	for (const db of [MODEL_DB, CONFIG_DB]) {
		n += await withStore(idb, db, 'readwrite', async (s) => {
			const count = await new Promise<number>((res, rej) => {
				const r = s.count(range);
				r.onsuccess = () => res(r.result);
				r.onerror = () => rej(r.error);
			});
			s.delete(range);
			return count;
		}, 0);
	}
	return n;
}
