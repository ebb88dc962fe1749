// Benchmark: the CPU quantizer on every core at once (Node worker threads, each decoding its own BF16 source and
// quantizing it, as the pool's workers do). Prints the aggregate source bytes/s: the figure behind the converter's
// target of ≥ 1 GB/s on a 16-core machine. Runs alone too (`tsx bench/quantize-threads.ts [threads] [seconds]`), or
// bundled into one file for a machine without the repo's node_modules.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { decodeFloats, f32Bits } from '$lib/convert/quantize/f16';
import { allocQuantOut, emptyStats, quantizeRowsInto } from '$lib/convert/quantize/q4';
import type { Target } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

interface ThreadJob {
	seed: number;
	seconds: number;
	target: Target;
}
interface ThreadResult {
	elements: number;
	sourceBytes: number;
	ms: number;
}

const ROWS = 1024;
const COLS = 4096;

function quantizeFor({ seed, seconds, target }: ThreadJob): ThreadResult {
	const n = ROWS * COLS;
	const rng = createRng(seed, 'threads');
	const bf16 = Uint16Array.from({ length: n }, () => f32Bits(rng.normal(0, 0.02)) >>> 16);
	const bytes = new Uint8Array(bf16.buffer);
	const f32 = new Float32Array(n);
	const out = allocQuantOut(ROWS, COLS, target);
	const step = () => {
		decodeFloats('BF16', bytes, f32);
		quantizeRowsInto(f32, ROWS, COLS, target, out, emptyStats(), 'bench');
	};
	step(); // warm the JIT
	let rounds = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < seconds * 1000) {
		step();
		rounds++;
	}
	const ms = performance.now() - t0;
	return { elements: rounds * n, sourceBytes: rounds * bytes.byteLength, ms };
}

if (!isMainThread && (workerData as { benchQuantizeThread?: ThreadJob })?.benchQuantizeThread) {
	parentPort!.postMessage(quantizeFor((workerData as { benchQuantizeThread: ThreadJob }).benchQuantizeThread));
}

export interface ThreadsBench {
	threads: number;
	target: Target;
	seconds: number;
	elements_per_s: number;
	source_gb_per_s: number;
	per_thread_mb_per_s: number;
}

export async function benchQuantizeThreads(opts: { threads?: number; seconds?: number; target?: Target } = {}): Promise<ThreadsBench> {
	const threads = opts.threads ?? availableParallelism();
	const seconds = opts.seconds ?? 5;
	const target = opts.target ?? 'q4f32_1';
	const file = fileURLToPath(import.meta.url);
	// Under tsx the worker must load TypeScript too (tsx's loader registered inside it); a bundled .mjs needs nothing.
	const url = JSON.stringify(import.meta.url);
	const entry = file.endsWith('.ts') ? `import('tsx/esm/api').then((t) => { t.register(); return import(${url}); })` : `import(${url})`;
	const results = await Promise.all(
		Array.from(
			{ length: threads },
			(_, i) =>
				new Promise<ThreadResult>((resolve, reject) => {
					const w = new Worker(entry, { eval: true, workerData: { benchQuantizeThread: { seed: i, seconds, target } } });
					w.once('message', (r: ThreadResult) => {
						resolve(r);
						void w.terminate();
					});
					w.once('error', reject);
				})
		)
	);
	const wall = Math.max(...results.map((r) => r.ms)) / 1000;
	const bytes = results.reduce((a, r) => a + r.sourceBytes, 0);
	return {
		threads,
		target,
		seconds,
		elements_per_s: Math.round(results.reduce((a, r) => a + r.elements, 0) / wall),
		source_gb_per_s: +(bytes / wall / 1e9).toFixed(3),
		per_thread_mb_per_s: +(bytes / wall / threads / 1e6).toFixed(1)
	};
}

if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const [threads, seconds] = process.argv.slice(2).map(Number);
	const rows = [];
	for (const target of ['q4f32_1', 'q4f16_1'] as const)
		rows.push(await benchQuantizeThreads({ threads: threads || undefined, seconds: seconds || undefined, target }));
	process.stdout.write(JSON.stringify(rows) + '\n');
}
