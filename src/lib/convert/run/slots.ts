// How many row groups are with the quantize backend at once, counted over every file being streamed: the files of a
// conversion share one limit, so a pool of N workers can be kept busy by however many files remain (three files with
// two groups each could keep at most 6 of a 16-core machine's 15 workers busy, and the last file alone 2).
export interface GroupSlots {
	readonly limit: number;
	/** Groups holding a slot now. */
	readonly active: number;
	/** Waits for a free slot; the function returned gives it back (a second call does nothing). */
	acquire(): Promise<() => void>;
}

export function groupSlots(limit: number): GroupSlots {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`row groups in flight must be a whole number ≥ 1, got ${limit}`);
	let active = 0;
	const waiting: Array<() => void> = [];
	const releaser = () => {
		let given = false;
		return () => {
			if (given) return;
			given = true;
			// The slot passes straight to the longest waiter, so no newcomer overtakes it.
			const next = waiting.shift();
			if (next) next();
			else active--;
		};
	};
	return {
		limit,
		get active() {
			return active;
		},
		acquire() {
			if (active < limit) {
				active++;
				return Promise.resolve(releaser());
			}
			return new Promise((resolve) => waiting.push(() => resolve(releaser())));
		}
	};
}
