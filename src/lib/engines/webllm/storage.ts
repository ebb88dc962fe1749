// Browser storage around a download: how much room there is, and a request that the origin's storage be
// persistent before a multi-GB download (otherwise the browser may evict it under pressure).
import { estimateStorage, requestPersistentStorage, type StorageManagerLike } from '$lib/util/storage-estimate';

/** Downloads above this ask for persistent storage first. */
export const PERSIST_ABOVE_BYTES = 2 ** 30;

export interface DownloadPreparation {
	usageBytes: number | null;
	quotaBytes: number | null;
	persisted: boolean | null;
	/** False when the quota is known and too small for the download. */
	enough: boolean;
	freeBytes: number | null;
}

/** Ask for persistence (when the download is large) and say whether the quota has room for it. */
export async function prepareDownload(bytes: number, storage?: StorageManagerLike | null): Promise<DownloadPreparation> {
	const e = await estimateStorage(storage);
	let persisted = e?.persisted ?? null;
	if (bytes >= PERSIST_ABOVE_BYTES && persisted === false) persisted = await requestPersistentStorage(storage);
	const freeBytes = e ? e.free : null;
	return { usageBytes: e?.usage ?? null, quotaBytes: e?.quota ?? null, persisted, freeBytes, enough: freeBytes === null || freeBytes >= bytes };
}
