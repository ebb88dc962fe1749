// SHA-256 of a source file as it streams, with a saved state after every chunk (the resume checkpoints). Inline for
// Node and tests; in a worker of its own in the browser, so several files hash in parallel instead of queueing on
// the thread that slices and dispatches (one thread hashes ~300 MB/s; the target is 1 GB/s over several files).
import { Sha256, type Sha256State } from '../hash/sha256';
import type { HashSnapshot } from './checkpoints';

export interface Hasher {
	/** Hashes the next chunk; `end` is the file position after it. May take (detach) the chunk's buffer. */
	update(chunk: Uint8Array, end: number): Promise<void>;
	/** The file's digest, once every update is in. */
	finish(): Promise<string>;
	close(): void;
}

export type HasherFactory = (from: Sha256State | null, onSnapshot: (s: HashSnapshot) => void) => Hasher;

export const inlineHasher: HasherFactory = (from, onSnapshot) => {
	const sha = from ? Sha256.fromState(from) : new Sha256();
	return {
		async update(chunk, end) {
			sha.update(chunk);
			if (sha.length !== end) throw new Error(`hashed ${sha.length} bytes, expected ${end}: chunks out of order`);
			onSnapshot({ pos: end, state: sha.exportState() });
		},
		finish: async () => sha.hex(),
		close() {}
	};
};

/** Messages to and from hash.worker.ts. */
export type HashWorkerIn = { type: 'start'; state: Sha256State | null } | { type: 'update'; bytes: ArrayBuffer; end: number } | { type: 'finish' };
export type HashWorkerOut = { type: 'snapshot'; pos: number; state: Sha256State } | { type: 'digest'; hex: string } | { type: 'error'; message: string };

interface WorkerLike {
	postMessage(m: HashWorkerIn, transfer?: ArrayBuffer[]): void;
	addEventListener(t: 'message', fn: (ev: { data: HashWorkerOut }) => void): void;
	addEventListener(t: 'error', fn: (ev: { message?: string }) => void): void;
	terminate(): void;
}

/** Chunks handed to the worker and not yet hashed: beyond this, `update` waits (bounded memory). */
const MAX_QUEUED = 6;

export function workerHasher(spawn: () => WorkerLike): HasherFactory {
	return (from, onSnapshot) => {
		const w = spawn();
		let queued = 0;
		let failure: Error | null = null;
		let wake: (() => void) | null = null;
		let digest: { resolve: (hex: string) => void; reject: (e: Error) => void } | null = null;
		const fail = (e: Error) => {
			failure = e;
			wake?.();
			digest?.reject(e);
		};
		w.addEventListener('message', (ev) => {
			const m = ev.data;
			if (m.type === 'snapshot') {
				queued--;
				onSnapshot({ pos: m.pos, state: m.state });
				wake?.();
			} else if (m.type === 'digest') digest?.resolve(m.hex);
			else fail(new Error(`hashing failed: ${m.message}`));
		});
		w.addEventListener('error', (ev) => fail(new Error(`the hash worker stopped: ${ev.message ?? 'unknown error'}`)));
		w.postMessage({ type: 'start', state: from });
		return {
			async update(chunk, end) {
				while (queued >= MAX_QUEUED && !failure) await new Promise<void>((r) => (wake = r));
				if (failure) throw failure;
				const bytes = (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk.buffer : chunk.slice().buffer) as ArrayBuffer;
				queued++;
				w.postMessage({ type: 'update', bytes, end }, [bytes]);
			},
			finish() {
				if (failure) return Promise.reject(failure);
				return new Promise<string>((resolve, reject) => {
					digest = { resolve, reject };
					w.postMessage({ type: 'finish' });
				});
			},
			close: () => w.terminate()
		};
	};
}
