// A pool of CPU quantize workers, for browsers without WebGPU and for GGUF blocks (decoded where they are
// quantized). One job per worker at a time, the rest queued; source bytes go to the worker and results come back as
// transferred buffers, never copied. A worker that dies fails only its own job and is replaced.
import { ConvertError, type ErrorStats, type SourceDType, type Target } from '../types';
import type { RowTransform } from '../model/mapping';
import type { Cast } from './cast';
import type { Quantized } from './q4';
import { parseReply, replyError, type QuantizeJob, type QuantizeReply } from './protocol';

export interface WorkerLike {
	postMessage(message: unknown, transfer: ArrayBuffer[]): void;
	addEventListener(type: 'message' | 'error', listener: (ev: { data?: unknown; message?: string }) => void): void;
	terminate(): void;
}

export interface PoolJob {
	name: string;
	dtype: SourceDType;
	/** Moved to the worker: the caller's buffer is detached afterwards. */
	bytes: ArrayBuffer;
	rows: number;
	cols: number;
	target: Target;
	transform?: RowTransform;
}

export interface QuantizePool {
	quantize(job: PoolJob): Promise<Quantized>;
	/** `rows` values (a norm or bias) to the model dtype. */
	cast(job: Omit<PoolJob, 'cols'>): Promise<Cast>;
	readonly size: number;
	/** Jobs waiting for a worker. */
	readonly queued: number;
	close(): void;
}

/** One worker per core but one, left for the page and the reader. */
export function quantizePoolSize(cores: number | undefined): number {
	return Math.max(1, (cores ?? 2) - 1);
}

export function startQuantizeWorker(): WorkerLike {
	return new Worker(new URL('../../workers/quantize.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

interface Pending {
	job: QuantizeJob;
	resolve: (r: QuantizeReply & { ok: true }) => void;
	reject: (e: Error) => void;
}

export function createQuantizePool(size: number, spawn: () => WorkerLike = startQuantizeWorker): QuantizePool {
	const idle: WorkerLike[] = [];
	const busy = new Map<WorkerLike, Pending>();
	const queue: Pending[] = [];
	let nextId = 1;
	let workers = 0;
	let closed = false;

	function hire(): WorkerLike {
		const w = spawn();
		workers++;
		w.addEventListener('message', (ev) => finish(w, ev.data));
		w.addEventListener('error', (ev) => {
			// A crashed worker: fail its job, drop it, and let the next job start a fresh one.
			const p = busy.get(w);
			busy.delete(w);
			workers--;
			w.terminate();
			p?.reject(new Error(`the quantize worker stopped while working on ${p.job.name}: ${ev.message ?? 'unknown error'}`));
			pump();
		});
		return w;
	}

	function finish(w: WorkerLike, data: unknown) {
		const p = busy.get(w);
		if (!p) return;
		busy.delete(w);
		idle.push(w);
		try {
			const reply = parseReply(data);
			if (reply.id !== p.job.id) throw new Error(`reply ${reply.id} for job ${p.job.id}`);
			if (reply.ok) p.resolve(reply);
			else p.reject(replyError(reply));
		} catch (e) {
			p.reject(new Error(`the quantize worker answered ${p.job.name} with a bad reply: ${(e as Error).message}`));
		}
		pump();
	}

	function pump() {
		while (queue.length && (idle.length || workers < size)) {
			const w = idle.pop() ?? hire();
			const p = queue.shift()!;
			busy.set(w, p);
			w.postMessage(p.job, [p.job.bytes]);
		}
	}

	function submit(op: QuantizeJob['op'], j: PoolJob): Promise<QuantizeReply & { ok: true }> {
		if (closed) return Promise.reject(new ConvertError('aborted', `the quantize pool is closed; ${j.name} was not started`));
		const job: QuantizeJob = { id: nextId++, op, name: j.name, dtype: j.dtype, bytes: j.bytes, rows: j.rows, cols: j.cols, target: j.target, transform: j.transform ?? { kind: 'none' } };
		return new Promise((resolve, reject) => {
			queue.push({ job, resolve, reject });
			pump();
		});
	}

	const statsOf = (s: ErrorStats): ErrorStats => ({ ...s });
	return {
		async quantize(job) {
			const r = await submit('quantize', job);
			if (r.op !== 'quantize') throw new Error(`${job.name}: the worker cast instead of quantizing`);
			return { qWeight: new Uint8Array(r.qWeight), qScale: new Uint8Array(r.qScale), stats: statsOf(r.stats) };
		},
		async cast(job) {
			const r = await submit('cast', { ...job, cols: 1 });
			if (r.op !== 'cast') throw new Error(`${job.name}: the worker quantized instead of casting`);
			return { bytes: new Uint8Array(r.bytes), stats: statsOf(r.stats) };
		},
		get size() {
			return size;
		},
		get queued() {
			return queue.length;
		},
		close() {
			closed = true;
			for (const p of queue.splice(0)) p.reject(new ConvertError('aborted', `the quantize pool closed before ${p.job.name} started`));
			for (const [w, p] of busy) {
				w.terminate();
				p.reject(new ConvertError('aborted', `the quantize pool closed while ${p.job.name} was being quantized`));
			}
			busy.clear();
			for (const w of idle.splice(0)) w.terminate();
			workers = 0;
		}
	};
}
