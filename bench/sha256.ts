// How fast the converter hashes source bytes: our SHA-256 (WebAssembly and plain JS) on one thread, node:crypto
// beside it for scale, then one hash per worker thread at once, as the conversion hashes several files in parallel.
// Target: ≥ 1 GB/s in total across the workers. Input arrives as 1 MiB updates, the size a Range stream yields.
//   npx tsx bench/sha256.ts [--mb 256] [--workers N]
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Sha256, type Sha256Engine } from '../src/lib/convert/hash/sha256';

export interface Sha256Bench {
	cpu: string;
	mb_per_run: number;
	wasm_mb_s: number;
	js_mb_s: number;
	node_crypto_mb_s: number;
	workers: number;
	parallel_total_mb_s: number;
	parallel_per_worker_mb_s: number;
}

const UPDATE = 1 << 20;

/** MB/s of one hash over `mb` MiB fed in 1 MiB updates; the best of three runs after a warm-up. */
function rate(mb: number, hash: (chunk: Uint8Array) => void, done: () => void): number {
	const chunk = new Uint8Array(randomBytes(UPDATE));
	for (let i = 0; i < 16; i++) hash(chunk);
	done();
	let best = 0;
	for (let run = 0; run < 3; run++) {
		const t = performance.now();
		for (let i = 0; i < mb; i++) hash(chunk);
		done();
		best = Math.max(best, (mb * UPDATE) / 1e6 / ((performance.now() - t) / 1000));
	}
	return Math.round(best);
}

function ours(engine: Sha256Engine, mb: number): number {
	let h = new Sha256(engine);
	return rate(mb, (c) => h.update(c), () => (h.hex(), (h = new Sha256(engine))));
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => (register(), import(workerData.module))).then(({ Sha256 }) => {
	const chunk = new Uint8Array(1 << 20);
	for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 2654435761) >>> 24;
	const warm = new Sha256();
	for (let i = 0; i < 16; i++) warm.update(chunk);
	parentPort.postMessage('ready');
	parentPort.once('message', () => {
		const h = new Sha256();
		for (let i = 0; i < workerData.mb; i++) h.update(chunk);
		parentPort.postMessage(h.hex());
	});
});`;

/** Total MB/s of `workers` hashes running at once, from the moment all are warm until the last one finishes. */
async function parallel(workers: number, mb: number): Promise<number> {
	const module = new URL('../src/lib/convert/hash/sha256.ts', import.meta.url).href;
	const pool = Array.from({ length: workers }, () => new Worker(WORKER, { eval: true, workerData: { module, mb } }));
	try {
		await Promise.all(pool.map((w) => new Promise((ok, fail) => (w.once('message', ok), w.once('error', fail)))));
		const t = performance.now();
		await Promise.all(pool.map((w) => new Promise((ok, fail) => (w.once('message', ok), w.once('error', fail), w.postMessage('go')))));
		return Math.round((workers * mb * UPDATE) / 1e6 / ((performance.now() - t) / 1000));
	} finally {
		await Promise.all(pool.map((w) => w.terminate()));
	}
}

export async function benchSha256(opts: { mb?: number; workers?: number } = {}): Promise<Sha256Bench> {
	const mb = opts.mb ?? 256;
	const workers = opts.workers ?? Math.max(1, Math.min(8, availableParallelism()));
	let node = createHash('sha256');
	const total = await parallel(workers, mb);
	return {
		cpu: `${cpus()[0]?.model ?? 'unknown'} × ${availableParallelism()}`,
		mb_per_run: mb,
		wasm_mb_s: ours('auto', mb),
		js_mb_s: ours('js', mb),
		node_crypto_mb_s: rate(mb, (c) => node.update(c), () => (node.digest(), (node = createHash('sha256')))),
		workers,
		parallel_total_mb_s: total,
		parallel_per_worker_mb_s: Math.round(total / workers)
	};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const arg = (name: string) => {
		const i = process.argv.indexOf(name);
		return i > 0 ? Number(process.argv[i + 1]) : undefined;
	};
	benchSha256({ mb: arg('--mb'), workers: arg('--workers') }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
