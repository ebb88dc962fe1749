// An independent measurement of what web-llm put in IndexedDB for one model URL, read straight from its databases
// (layout in ../shared/WEBLLM-NOTES.md; only the names come from the boundary): the model manager's figures are
// checked against this, not against themselves.
import { CACHE_STORE, WEBLLM_DATABASES as DBS } from '$lib/engines/webllm/runtime/cache-layout';

export interface IdbUsage {
	/** Database name → total bytes of records whose URL starts with the prefix. */
	bytes: Record<string, number>;
	/** Database name → number of such records. */
	records: Record<string, number>;
}

export async function idbUsage(urlPrefix: string): Promise<IdbUsage> {
	const usage: IdbUsage = { bytes: {}, records: {} };
	const existing = new Set((await indexedDB.databases()).map((d) => d.name));
	for (const name of DBS) {
		usage.bytes[name] = 0;
		usage.records[name] = 0;
		// Opening a database that does not exist would create it (and make a deleted model look half-present).
		if (!existing.has(name)) continue;
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open(name);
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		try {
			if (!db.objectStoreNames.contains(CACHE_STORE)) continue;
			await new Promise<void>((resolve, reject) => {
				const cur = db.transaction(CACHE_STORE).objectStore(CACHE_STORE).openCursor();
				cur.onerror = () => reject(cur.error);
				cur.onsuccess = () => {
					const c = cur.result;
					if (!c) return resolve();
					const v = c.value as { url?: string; data?: unknown };
					if (typeof v.url === 'string' && v.url.startsWith(urlPrefix)) {
						usage.records[name]++;
						usage.bytes[name] += sizeOf(v.data);
					}
					c.continue();
				};
			});
		} finally {
			db.close();
		}
	}
	return usage;
}

function sizeOf(data: unknown): number {
	if (data instanceof ArrayBuffer) return data.byteLength;
	if (ArrayBuffer.isView(data)) return data.byteLength;
	if (typeof data === 'string') return new TextEncoder().encode(data).byteLength;
	if (data instanceof Blob) return data.size;
	return new TextEncoder().encode(JSON.stringify(data ?? null)).byteLength;
}
