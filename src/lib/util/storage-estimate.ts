// How much room the browser gives this origin, and whether it promised to keep what we store. One reading for the
// model manager, the download check and the run store; null wherever the browser cannot say (Node, old browsers).

/** The slice of `navigator.storage` used here; tests hand in their own. */
export interface StorageManagerLike {
	estimate?(): Promise<{ usage?: number; quota?: number }>;
	persisted?(): Promise<boolean>;
	persist?(): Promise<boolean>;
}

export interface StorageEstimate {
	usage: number;
	quota: number;
	/** quota − usage, never negative. */
	free: number;
	/** Whether the browser promised not to evict our data; null when it cannot say. */
	persisted: boolean | null;
}

/** `given`, or this browser's storage manager when none is given; null where there is none. */
function storageManager(given?: StorageManagerLike | null): StorageManagerLike | null {
	if (given !== undefined) return given;
	return typeof navigator !== 'undefined' ? ((navigator as { storage?: StorageManagerLike }).storage ?? null) : null;
}

/** The browser's storage estimate; null where there is none or it fails (an estimate is never worth an error). */
export async function estimateStorage(manager?: StorageManagerLike | null): Promise<StorageEstimate | null> {
	const m = storageManager(manager);
	if (!m?.estimate) return null;
	const e = await m.estimate().catch(() => null);
	// Without a quota there is no room to speak of: "unknown", not "none left".
	if (!e || e.quota === undefined) return null;
	const usage = e.usage ?? 0;
	const quota = e.quota;
	const persisted = m.persisted ? await m.persisted().catch(() => null) : null;
	return { usage, quota, free: Math.max(0, quota - usage), persisted };
}

/** Asks the browser not to evict what this origin stores; false where it declines or cannot. */
export async function requestPersistentStorage(manager?: StorageManagerLike | null): Promise<boolean> {
	const m = storageManager(manager);
	return m?.persist ? m.persist().catch(() => false) : false;
}
