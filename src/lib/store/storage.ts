// How much room the browser gives us, and how a full disk shows up.

export interface StorageEstimate {
	usage: number;
	quota: number;
	/** quota − usage, never negative. */
	free: number;
	/** Whether the browser promised not to evict our data; null when it cannot say. */
	persisted: boolean | null;
}

interface StorageManagerLike {
	estimate?(): Promise<{ usage?: number; quota?: number }>;
	persisted?(): Promise<boolean>;
	persist?(): Promise<boolean>;
}

function storageManager(given?: StorageManagerLike | null): StorageManagerLike | null {
	if (given !== undefined) return given;
	return typeof navigator !== 'undefined' ? ((navigator as { storage?: StorageManagerLike }).storage ?? null) : null;
}

/** The browser's storage estimate, or null where there is none (Node, old browsers). */
export async function estimateStorage(manager?: StorageManagerLike | null): Promise<StorageEstimate | null> {
	const m = storageManager(manager);
	if (!m?.estimate) return null;
	const e = await m.estimate();
	const usage = e.usage ?? 0;
	const quota = e.quota ?? 0;
	const persisted = m.persisted ? await m.persisted().catch(() => null) : null;
	return { usage, quota, free: Math.max(0, quota - usage), persisted };
}

/** Asks the browser not to evict stored runs; false where it declines or cannot. */
export async function requestPersistentStorage(manager?: StorageManagerLike | null): Promise<boolean> {
	const m = storageManager(manager);
	return m?.persist ? m.persist().catch(() => false) : false;
}

/** True for the browser's "disk full" errors, whichever way they arrive (IndexedDB request, transaction, engine). */
export function isQuotaError(e: unknown): boolean {
	if (!e || typeof e !== 'object') return false;
	const name = (e as { name?: unknown }).name;
	if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
	if ((e as { kind?: unknown }).kind === 'quota') return true;
	const inner = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
	return inner !== e && inner !== undefined && isQuotaError(inner);
}

export function formatBytes(n: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	while (n >= 1000 && i < units.length - 1) {
		n /= 1000;
		i++;
	}
	return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}
