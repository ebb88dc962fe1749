// The web-llm boundary's cache writer and key checks over fake-indexeddb: where each file goes, the form each web-llm
// version reads, one transaction per database, keys only for checks, and nothing lost when a call fails.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBDatabase as FakeDb, IDBFactory, IDBObjectStore as FakeStore } from 'fake-indexeddb';
import {
	CACHE_STORE, CONFIG_DB, MODEL_DB, WASM_DB, countUnder, deleteUnder, listCachedLibraries, missingModelFiles, putLibrary,
	putModelFiles
} from '$lib/engines/webllm/runtime';
import { storageError } from '$lib/engines/webllm/runtime/cache-idb';

const BASE = 'https://converted.invalid/film-7b-q4f32_1/resolve/main/';
const CONFIG = { vocab_size: 32000, context_window_size: 32768, tokenizer_files: ['tokenizer.json'] };
const MANIFEST = { metadata: { ParamBytes: 8 }, records: [{ dataPath: 'params_shard_0.bin', format: 'raw-shard', nbytes: 8, records: [] }] };
const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

function readAll(idb: IDBFactory, db: string): Promise<Map<string, unknown>> {
	return new Promise((resolve, reject) => {
		const r = idb.open(db);
		r.onsuccess = () => {
			const g = r.result.transaction(CACHE_STORE).objectStore(CACHE_STORE).getAll();
			g.onsuccess = () => {
				r.result.close();
				resolve(new Map((g.result as { url: string; data: unknown }[]).map((x) => [x.url, x.data])));
			};
		};
		r.onerror = () => reject(r.error);
	});
}

const folder = () => [
	{ name: 'mlc-chat-config.json', data: CONFIG },
	{ name: 'tensor-cache.json', data: json(MANIFEST).buffer },
	{ name: 'ndarray-cache.json', data: MANIFEST },
	{ name: 'tokenizer.json', data: { model: { type: 'WordLevel' } } },
	{ name: 'params_shard_0.bin', data: new Uint8Array([9, 1, 2, 3, 4, 5, 6, 7, 8, 9]).subarray(1, 9) }
];

afterEach(() => vi.restoreAllMocks());

describe('putModelFiles', () => {
	it('puts the chat config in webllm/config and every other file in webllm/model, in the forms 0.2.86 reads', async () => {
		const idb = new IDBFactory();
		await putModelFiles(BASE, folder(), idb);
		const cfg = await readAll(idb, CONFIG_DB);
		const model = await readAll(idb, MODEL_DB);
		expect([...cfg.keys()]).toEqual([BASE + 'mlc-chat-config.json']);
		expect([...model.keys()].sort()).toEqual(['ndarray-cache.json', 'params_shard_0.bin', 'tensor-cache.json', 'tokenizer.json'].map((n) => BASE + n));
		// 0.2.86 reads the config as bytes and decodes it itself.
		const c = cfg.get(BASE + 'mlc-chat-config.json');
		expect(c).toBeInstanceOf(ArrayBuffer);
		expect(JSON.parse(new TextDecoder().decode(c as ArrayBuffer))).toEqual(CONFIG);
		// Manifests are read as JSON: bytes given are stored parsed.
		expect(model.get(BASE + 'tensor-cache.json')).toEqual(MANIFEST);
		expect(model.get(BASE + 'ndarray-cache.json')).toEqual(MANIFEST);
		// Tokenizer files and shards are read as ArrayBuffers: a view is stored as exactly its bytes.
		expect(JSON.parse(new TextDecoder().decode(model.get(BASE + 'tokenizer.json') as ArrayBuffer))).toEqual({ model: { type: 'WordLevel' } });
		expect(Array.from(new Uint8Array(model.get(BASE + 'params_shard_0.bin') as ArrayBuffer))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('stores the chat config parsed for web-llm 0.2.79, which reads it as JSON', async () => {
		const idb = new IDBFactory();
		await putModelFiles(BASE, [{ name: 'mlc-chat-config.json', data: json(CONFIG).buffer }], idb, { webllm: '0.2.79' });
		expect((await readAll(idb, CONFIG_DB)).get(BASE + 'mlc-chat-config.json')).toEqual(CONFIG);
		expect(await idb.databases()).toEqual([{ name: CONFIG_DB, version: 1 }]);
	});

	it('uses one transaction per database per call, the model files before the config', async () => {
		const idb = new IDBFactory();
		const spy = vi.spyOn(FakeDb.prototype, 'transaction');
		await putModelFiles(BASE, folder(), idb);
		// Creating a database runs a versionchange transaction of its own; the writes are the others.
		const writes = spy.mock.calls.map((c, i) => [(spy.mock.contexts[i] as IDBDatabase).name, c[1]]).filter(([, mode]) => mode !== 'versionchange');
		expect(writes).toEqual([[MODEL_DB, 'readwrite'], [CONFIG_DB, 'readwrite']]);
		spy.mockClear();
		await putModelFiles(BASE, folder().slice(1), idb);
		expect(spy.mock.contexts.map((db) => (db as IDBDatabase).name)).toEqual([MODEL_DB]);
	});

	it('refuses a JSON file that is not JSON before writing anything, and keeps what earlier calls wrote', async () => {
		const idb = new IDBFactory();
		await putModelFiles(BASE, [{ name: 'params_shard_0.bin', data: new ArrayBuffer(8) }], idb);
		const bad = [{ name: 'params_shard_1.bin', data: new ArrayBuffer(8) }, { name: 'tensor-cache.json', data: new TextEncoder().encode('{"records": [').buffer }];
		await expect(putModelFiles(BASE, bad, idb)).rejects.toThrow(/tensor-cache\.json is not JSON/);
		expect([...(await readAll(idb, MODEL_DB)).keys()]).toEqual([BASE + 'params_shard_0.bin']);
		await expect(putModelFiles(BASE.slice(0, -1), folder(), idb)).rejects.toThrow(/must end with "\/"/);
		await expect(putModelFiles(BASE, [{ name: '../escape.bin', data: new ArrayBuffer(1) }], idb)).rejects.toThrow(/not a file name/);
	});
});

describe('missingModelFiles', () => {
	it('names what is absent, by key only, and creates no database when web-llm never cached anything', async () => {
		const idb = new IDBFactory();
		const names = ['mlc-chat-config.json', 'tensor-cache.json', 'params_shard_0.bin', 'params_shard_1.bin'];
		expect(await missingModelFiles(BASE, names, idb)).toEqual(names);
		expect(await idb.databases()).toEqual([]);
		await putModelFiles(BASE, folder(), idb);
		const reads = ['get', 'getAll', 'openCursor'].map((m) => vi.spyOn(FakeStore.prototype, m as 'get'));
		expect(await missingModelFiles(BASE, names, idb)).toEqual(['params_shard_1.bin']);
		expect(await missingModelFiles(BASE.replace('film', 'other'), ['tensor-cache.json'], idb)).toEqual(['tensor-cache.json']);
		for (const r of reads) expect(r).not.toHaveBeenCalled();
	});
});

describe('libraries, counts and deletes', () => {
	it('lists a library put with putLibrary, counts and deletes under a prefix only', async () => {
		const idb = new IDBFactory();
		const lib = 'https://libs.invalid/Mistral-q4f32_1.wasm';
		await putLibrary(lib, new ArrayBuffer(500), idb);
		await putModelFiles(BASE, folder(), idb);
		await putModelFiles('https://converted.invalid/keep/resolve/main/', [{ name: 'params_shard_0.bin', data: new ArrayBuffer(4) }], idb);
		expect(await listCachedLibraries(idb)).toEqual([{ url: lib, bytes: 500 }]);
		expect((await idb.databases()).map((d) => d.name).sort()).toEqual([CONFIG_DB, MODEL_DB, WASM_DB].sort());
		expect(await countUnder(BASE, idb)).toBe(5);
		expect(await deleteUnder(BASE, idb)).toBe(5);
		expect(await countUnder(BASE, idb)).toBe(0);
		expect(await countUnder('https://converted.invalid/', idb)).toBe(1);
		expect(await deleteUnder('https://libs.invalid/', idb)).toBe(1);
		expect(await listCachedLibraries(idb)).toEqual([]);
	});
});

describe('storage errors', () => {
	it('names a quota failure QuotaExceededError whatever the browser called it, and a bare abort AbortError', () => {
		const q = storageError(new DOMException('Quota exceeded for this origin', 'UnknownError'));
		expect(q.name).toBe('QuotaExceededError');
		expect(storageError(new DOMException('full', 'QuotaExceededError')).name).toBe('QuotaExceededError');
		expect(storageError(new DOMException('bad key', 'DataError')).name).toBe('DataError');
		expect(storageError(null).name).toBe('AbortError');
	});
});
