// Keeps the screen awake during a long run where the browser allows it; the browser drops the lock whenever the
// tab is hidden, so it is asked for again when the tab comes back.

interface SentinelLike {
	released: boolean;
	release(): Promise<void>;
	addEventListener?(type: 'release', cb: () => void): void;
}
interface WakeLockApi {
	request(type: 'screen'): Promise<SentinelLike>;
}
interface DocLike {
	visibilityState: string;
	addEventListener(type: 'visibilitychange', cb: () => void): void;
	removeEventListener(type: 'visibilitychange', cb: () => void): void;
}

export interface WakeLockHandle {
	readonly supported: boolean;
	/** True while the browser holds a lock for us. */
	readonly held: boolean;
	/** Why the last request failed (e.g. permission, battery saver); null when fine. */
	readonly error: string | null;
	acquire(): Promise<boolean>;
	release(): Promise<void>;
}

export function createWakeLock(
	api: WakeLockApi | null = typeof navigator !== 'undefined' ? ((navigator as { wakeLock?: WakeLockApi }).wakeLock ?? null) : null,
	doc: DocLike | null = typeof document !== 'undefined' ? document : null
): WakeLockHandle {
	let sentinel: SentinelLike | null = null;
	let wanted = false;
	let error: string | null = null;

	const request = async (): Promise<boolean> => {
		if (!api) return false;
		try {
			sentinel = await api.request('screen');
			error = null;
			return true;
		} catch (e) {
			sentinel = null;
			error = e instanceof Error ? e.message : String(e);
			return false;
		}
	};
	const onVisible = () => {
		if (wanted && doc?.visibilityState === 'visible' && (!sentinel || sentinel.released)) void request();
	};

	return {
		supported: api !== null,
		get held() {
			return sentinel !== null && !sentinel.released;
		},
		get error() {
			return error;
		},
		async acquire() {
			if (!wanted) doc?.addEventListener('visibilitychange', onVisible);
			wanted = true;
			return sentinel && !sentinel.released ? true : request();
		},
		async release() {
			if (wanted) doc?.removeEventListener('visibilitychange', onVisible);
			wanted = false;
			const s = sentinel;
			sentinel = null;
			if (s && !s.released) await s.release();
		}
	};
}
