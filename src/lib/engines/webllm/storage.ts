// Browser storage around a download: how much room there is, and a request that the origin's storage be
// persistent before a multi-GB download (otherwise the browser may evict it under pressure).

export interface StorageLike {
	estimate?(): Promise<{ usage?: number; quota?: number }>;
	persist?(): Promise<boolean>;
	persisted?(): Promise<boolean>;
}

export interface StorageState {
	usageBytes: number | null;
	quotaBytes: number | null;
	persisted: boolean | null;
}

/** Downloads above this ask for persistent storage first. */
export const PERSIST_ABOVE_BYTES = 2 ** 30;

function defaultStorage(): StorageLike | undefined {
	return typeof navigator !== 'undefined' ? (navigator.storage as StorageLike | undefined) : undefined;
}

export async function storageState(storage: StorageLike | undefined = defaultStorage()): Promise<StorageState> {
	const est = await storage?.estimate?.().catch(() => undefined);
	const persisted = await storage?.persisted?.().catch(() => null);
	return { usageBytes: est?.usage ?? null, quotaBytes: est?.quota ?? null, persisted: persisted ?? null };
}

export interface DownloadPreparation extends StorageState {
	/** False when the quota is known and too small for the download. */
	enough: boolean;
	freeBytes: number | null;
}

/** Ask for persistence (when the download is large) and say whether the quota has room for it. */
export async function prepareDownload(bytes: number, storage: StorageLike | undefined = defaultStorage()): Promise<DownloadPreparation> {
	let s = await storageState(storage);
	if (bytes >= PERSIST_ABOVE_BYTES && s.persisted === false && storage?.persist) {
		const granted = await storage.persist().catch(() => false);
		s = { ...s, persisted: granted };
	}
	const freeBytes = s.quotaBytes !== null && s.usageBytes !== null ? s.quotaBytes - s.usageBytes : null;
	return { ...s, freeBytes, enough: freeBytes === null || freeBytes >= bytes };
}
