// IndexedDB plumbing for web-llm's cache databases: open them without creating them by accident, wait for a
// transaction, and name a full disk the way callers can recognise (`QuotaExceededError`).
import { CACHE_DB_VERSION, CACHE_STORE } from './cache-layout';

/** Opening a database that does not exist creates an empty one: ask the list first (true where it cannot be asked). */
export async function databaseExists(idb: IDBFactory, name: string): Promise<boolean> {
	if (typeof idb.databases !== 'function') return true;
	return (await idb.databases()).some((d) => d.name === name);
}

function opened(req: IDBOpenDBRequest): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(storageError(req.error));
	});
}

/** Opens a database as it is (any version). */
export function openExisting(idb: IDBFactory, name: string): Promise<IDBDatabase> {
	return opened(idb.open(name));
}

/** Opens (or creates) a database at the version and with the store web-llm creates, so its own open needs no upgrade. */
export function openForWrite(idb: IDBFactory, name: string): Promise<IDBDatabase> {
	const req = idb.open(name, CACHE_DB_VERSION);
	req.onupgradeneeded = () => {
		if (!req.result.objectStoreNames.contains(CACHE_STORE)) req.result.createObjectStore(CACHE_STORE, { keyPath: 'url' });
	};
	return opened(req);
}

/**
 * The error a failed write surfaces as. Browsers abort a transaction that outgrows the quota with a DOMException named
 * QuotaExceededError; one that only says so in its message gets that name too, so callers can say "storage is full".
 */
export function storageError(e: DOMException | Error | null | undefined): Error {
	if (!e) return Object.assign(new Error('The IndexedDB transaction was aborted.'), { name: 'AbortError' });
	if (e.name !== 'QuotaExceededError' && /quota/i.test(e.message)) return new DOMException(e.message, 'QuotaExceededError');
	return e;
}

/** Resolves when `tx` commits; rejects with the request's or the transaction's error when it fails. */
export function txDone(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		// A failed request's error reaches the transaction before the transaction records it as its own.
		tx.onerror = (ev) => reject(storageError((ev.target as IDBRequest | null)?.error ?? tx.error));
		tx.onabort = () => reject(storageError(tx.error));
	});
}

/** Runs `fn` over the `urls` store of an existing database; `empty` when the database or its store is missing. */
export async function withExistingStore<T>(
	idb: IDBFactory,
	name: string,
	mode: IDBTransactionMode,
	fn: (s: IDBObjectStore) => Promise<T> | T,
	empty: T
): Promise<T> {
	if (!(await databaseExists(idb, name))) return empty;
	const db = await openExisting(idb, name);
	try {
		if (!db.objectStoreNames.contains(CACHE_STORE)) return empty;
		const tx = db.transaction(CACHE_STORE, mode);
		const done = txDone(tx);
		const out = await fn(tx.objectStore(CACHE_STORE));
		await done;
		return out;
	} finally {
		db.close();
	}
}

/** Visits every record (values included: only for listing sizes). */
export function eachRecord(store: IDBObjectStore, visit: (url: string, data: unknown) => void): Promise<void> {
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

/** Visits every key, never reading a value back (shards are tens of megabytes each). */
export function eachKey(store: IDBObjectStore, visit: (key: IDBValidKey) => void): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = store.openKeyCursor();
		req.onsuccess = () => {
			const c = req.result;
			if (!c) return resolve();
			visit(c.primaryKey);
			c.continue();
		};
		req.onerror = () => reject(req.error);
	});
}

export function request<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}
