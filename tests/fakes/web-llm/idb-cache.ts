// web-llm 0.2.86's IndexedDB cache as its loader and helpers use it, for a fake that reads and deletes what the
// project writes (appConfig.cacheBackend "indexeddb"). Written from web-llm's code, not from the project's boundary,
// so a wrong layout there shows up as a failing contract case here: databases "webllm/model", "webllm/config",
// "webllm/wasm", store "urls", records {url, data}; tensor-cache.json read as JSON, the chat config as bytes.

const DB = { model: 'webllm/model', config: 'webllm/config', wasm: 'webllm/wasm' } as const;
type Db = (typeof DB)[keyof typeof DB];

/** cleanModelUrl: a folder URL gets "/" and, without a revision, "resolve/main/". */
export function cleanModelUrl(model: string): string {
	let u = model.endsWith('/') ? model : model + '/';
	if (!/.+\/resolve\/.+\//.test(u)) u += 'resolve/main/';
	return new URL(u).href;
}

function open(idb: IDBFactory, name: Db): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const r = idb.open(name, 1);
		r.onupgradeneeded = () => r.result.objectStoreNames.contains('urls') || r.result.createObjectStore('urls', { keyPath: 'url' });
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}

async function inStore<T>(idb: IDBFactory, name: Db, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await open(idb, name);
	try {
		return await new Promise<T>((resolve, reject) => {
			const req = fn(db.transaction('urls', mode).objectStore('urls'));
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
	} finally {
		db.close();
	}
}

export async function getData(idb: IDBFactory, name: Db, url: string): Promise<unknown> {
	const r = (await inStore(idb, name, 'readonly', (s) => s.get(url))) as { data?: unknown } | undefined;
	return r?.data;
}
const has = async (idb: IDBFactory, name: Db, url: string) => (await inStore(idb, name, 'readonly', (s) => s.count(url))) > 0;
const del = (idb: IDBFactory, name: Db, url: string) => inStore(idb, name, 'readwrite', (s) => s.delete(url));

async function shardUrls(idb: IDBFactory, base: string): Promise<string[] | null> {
	const manifest = (await getData(idb, DB.model, new URL('tensor-cache.json', base).href)) as { records?: { dataPath: string }[] } | undefined;
	return manifest?.records ? manifest.records.map((r) => new URL(r.dataPath, base).href) : null;
}

/** hasTensorInCache: the manifest and every shard it lists. */
export async function hasModel(idb: IDBFactory, model: string): Promise<boolean> {
	const base = cleanModelUrl(model);
	const shards = await shardUrls(idb, base);
	if (!shards) return false;
	for (const u of shards) if (!(await has(idb, DB.model, u))) return false;
	return true;
}

/** deleteModelAllInfoInCache: the shards (not their manifest), the tokenizer files, the library, the config. */
export async function deleteModel(idb: IDBFactory, model: string, lib: string): Promise<void> {
	const base = cleanModelUrl(model);
	for (const u of (await shardUrls(idb, base)) ?? []) await del(idb, DB.model, u);
	for (const f of ['tokenizer.model', 'tokenizer.json']) await del(idb, DB.model, new URL(f, base).href);
	await del(idb, DB.wasm, lib);
	await del(idb, DB.config, new URL('mlc-chat-config.json', base).href);
}

const notFetched = (url: string) => Object.assign(new Error(`Failed to store ${url} with error: TypeError: Failed to fetch`), { name: 'Error' });

/**
 * What reload reads, in its order: the config (bytes, decoded by web-llm itself), the library, the tensor manifest and
 * its shards, the tokenizer files the config lists. A missing record is a fetch, and nothing here is reachable.
 */
export async function readForLoad(idb: IDBFactory, model: string, lib: string): Promise<{ config: Record<string, unknown> }> {
	const base = cleanModelUrl(model);
	const cfgUrl = new URL('mlc-chat-config.json', base).href;
	const raw = await getData(idb, DB.config, cfgUrl);
	if (raw === undefined) throw notFetched(cfgUrl);
	if (!(raw instanceof ArrayBuffer) && !ArrayBuffer.isView(raw))
		throw new TypeError("Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
	const config = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
	if (!(await has(idb, DB.wasm, lib))) throw notFetched(lib);
	const shards = await shardUrls(idb, base);
	if (!shards) throw notFetched(new URL('tensor-cache.json', base).href);
	for (const u of shards) if (!(await has(idb, DB.model, u))) throw notFetched(u);
	for (const f of (config.tokenizer_files as string[] | undefined) ?? []) {
		const u = new URL(f, base).href;
		if (!(await has(idb, DB.model, u))) throw notFetched(u);
	}
	return { config };
}
