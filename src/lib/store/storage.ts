// How a full disk shows up, however the error arrives (the room left: util/storage-estimate.ts).

/** True for the browser's "disk full" errors, whichever way they arrive (IndexedDB request, transaction, engine). */
export function isQuotaError(e: unknown): boolean {
	if (!e || typeof e !== 'object') return false;
	const name = (e as { name?: unknown }).name;
	if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
	if ((e as { kind?: unknown }).kind === 'quota') return true;
	const inner = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
	return inner !== e && inner !== undefined && isQuotaError(inner);
}
