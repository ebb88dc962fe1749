// Storage keys. Runs and answers share one object store; key prefixes make each run's answers one key range,
// so a run's answers are read, counted and deleted with one range request (no scan over other runs).

export const runKey = (runId: string): string => `run:${runId}`;
export const answerKey = (runId: string, probeId: string): string => `ans:${runId}:${probeId}`;

/** All run records. */
export const runRange = (): IDBKeyRange => IDBKeyRange.bound('run:', 'run:\uffff');
/** All answers of one run (run ids hold no ':', see validate.ts). */
export const answerRange = (runId: string): IDBKeyRange => IDBKeyRange.bound(`ans:${runId}:`, `ans:${runId}:\uffff`);

export function probeIdOfKey(runId: string, key: IDBValidKey): string | null {
	const prefix = `ans:${runId}:`;
	return typeof key === 'string' && key.startsWith(prefix) ? key.slice(prefix.length) : null;
}
