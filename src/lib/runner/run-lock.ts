// One run, one runner: two tabs resuming the same run would ask its questions twice. The Web Locks API gives an
// exclusive lock per run id that the browser frees when the tab closes or crashes; where it is missing (Node, old
// browsers) the lock is granted and the caller is told it is advisory only.

interface LockManagerLike {
	request(name: string, options: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

export interface RunLock {
	/** False where the browser has no Web Locks: nothing stops a second tab. */
	readonly exclusive: boolean;
	release(): void;
}

export const runLockName = (runId: string) => `film-probe-run:${runId}`;

/** The lock for `runId`, or null when another tab (or runner) holds it. */
export async function acquireRunLock(
	runId: string,
	locks: LockManagerLike | null = typeof navigator !== 'undefined' ? ((navigator as { locks?: LockManagerLike }).locks ?? null) : null
): Promise<RunLock | null> {
	if (!locks) return { exclusive: false, release: () => {} };
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	const granted = await new Promise<'yes' | 'no' | 'unavailable'>((answer) => {
		locks
			.request(runLockName(runId), { ifAvailable: true }, (lock) => {
				answer(lock !== null ? 'yes' : 'no');
				return lock === null ? undefined : held; // the lock lasts until release() settles `held`
			})
			// A lock manager that refuses to work (e.g. an opaque origin) must not block the run: advisory only.
			.catch(() => answer('unavailable'));
	});
	if (granted === 'unavailable') return { exclusive: false, release: () => {} };
	return granted === 'yes' ? { exclusive: true, release } : null;
}

interface LockQueryLike {
	query(): Promise<{ held?: { name?: string }[] }>;
}

const defaultLocks = (): LockQueryLike | null =>
	typeof navigator !== 'undefined' ? ((navigator as { locks?: LockQueryLike }).locks ?? null) : null;

/** Ids of the runs some tab of this origin is running now; null where the browser cannot say (no Web Locks). */
export async function heldRunIds(locks: LockQueryLike | null = defaultLocks()): Promise<Set<string> | null> {
	if (!locks || typeof locks.query !== 'function') return null;
	try {
		const { held = [] } = await locks.query();
		const prefix = runLockName('');
		return new Set(held.flatMap((l) => (l.name?.startsWith(prefix) ? [l.name.slice(prefix.length)] : [])));
	} catch {
		return null;
	}
}

/** Whether some tab holds `runId`'s lock now; null where the browser cannot say. */
export async function runLockHeld(runId: string, locks: LockQueryLike | null = defaultLocks()): Promise<boolean | null> {
	const held = await heldRunIds(locks);
	return held ? held.has(runId) : null;
}
