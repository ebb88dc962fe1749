// A few workers that make and store shards side by side (each runs writeShardHere). Jobs wait in a queue and go to
// the next idle worker, so at most `size` shards are in memory at once.
import type { ShardJob } from './synthetic-idb';

export interface ShardPool {
	write(job: ShardJob): Promise<void>;
	close(): void;
}

export function poolSize(cores: number | undefined): number {
	// Leave a core for the page and the browser's IndexedDB backend; more than 8 only queues on IndexedDB.
	return Math.max(1, Math.min(8, (cores ?? 2) - 1));
}

export function startShardWorker(): Worker {
	return new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module' });
}

export function createShardPool(size: number, spawn: () => Worker = startShardWorker): ShardPool {
	const idle: Worker[] = [];
	const all: Worker[] = [];
	const queue: { job: ShardJob; resolve: () => void; reject: (e: Error) => void }[] = [];
	const pump = () => {
		while (queue.length && (idle.length || all.length < size)) {
			const w = idle.pop() ?? spawn();
			if (!all.includes(w)) all.push(w);
			const { job, resolve, reject } = queue.shift()!;
			const done = (ev: MessageEvent) => {
				const d = ev.data as { url?: string; error?: string };
				if (d?.url !== job.url) return;
				w.removeEventListener('message', done);
				idle.push(w);
				if (d.error) reject(new Error(`writing ${job.url}: ${d.error}`));
				else resolve();
				pump();
			};
			w.addEventListener('message', done);
			w.postMessage(job);
		}
	};
	return {
		write: (job) =>
			new Promise<void>((resolve, reject) => {
				queue.push({ job, resolve, reject });
				pump();
			}),
		close() {
			for (const w of all) w.terminate();
		}
	};
}
