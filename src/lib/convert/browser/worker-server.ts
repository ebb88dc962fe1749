// The conversion worker: inspect a source (headers, plan, storage, an earlier run to resume), then convert it into
// web-llm's cache while the page shows progress. Quantization runs on WebGPU where the worker gets an adapter, on a
// pool of CPU workers otherwise; each file's SHA-256 runs in a worker of its own.
import { APP_WEBLLM, putLibrary } from '$lib/engines/webllm/runtime';
import { Sha256 } from '../hash/sha256';
import { createGpuQuantizer } from '../quantize/gpu';
import { createQuantizePool, quantizePoolSize } from '../quantize/pool';
import { decodeRow } from '../formats/gguf-blocks';
import { gpuBackend, inlineBackend, poolBackend, type QuantBackend } from '../run/backend';
import { runConversion } from '../run/convert';
import { workerHasher } from '../run/hasher';
import { prepareConversion, type Prepared } from '../run/prepare';
import { createConvertStore } from '../store';
import { ConvertError } from '../types';
import type { SourceSpec } from '../open';
import { idbSink } from './idb-sink';
import { parseToWorker, type ConvertJob, type FromWorker, type JobSummary } from './protocol';
import { formatBytes } from '$lib/util/bytes';
import { estimateStorage } from '$lib/util/storage-estimate';

interface Scope {
	postMessage(m: FromWorker): void;
	addEventListener(t: 'message', fn: (ev: { data: unknown }) => void): void;
}

async function fetchLibrary(url: string): Promise<{ url: string; bytes: Uint8Array; sha256: string }> {
	let res: Response;
	try {
		res = await fetch(url);
	} catch {
		throw new ConvertError('network', `the model library ${url} could not be fetched: check the connection (or that the host allows this page), then try again`);
	}
	if (!res.ok) throw new ConvertError(res.status === 404 ? 'not-found' : 'network', `the model library ${url} answered HTTP ${res.status}`);
	const bytes = new Uint8Array(await res.arrayBuffer());
	return { url, bytes, sha256: new Sha256().update(bytes).hex() };
}

function specOf(job: ConvertJob): SourceSpec {
	const s = job.source;
	return s.kind === 'files' ? { kind: 'files', files: s.files } : s.kind === 'hf' ? { kind: 'hf', repo: s.repo, revision: s.revision, file: s.file } : { kind: 'url', url: s.url, format: s.format };
}

async function chooseBackend(job: ConvertJob): Promise<QuantBackend> {
	const cores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency;
	const cpu = typeof Worker !== 'undefined' ? poolBackend(createQuantizePool(quantizePoolSize(cores))) : inlineBackend(decodeRow);
	if (job.backend === 'cpu' || !(globalThis.navigator as { gpu?: unknown } | undefined)?.gpu) return cpu;
	try {
		return gpuBackend(await createGpuQuantizer(), cpu);
	} catch {
		return cpu; // no adapter, or the shader was refused: the CPU gives the same bytes
	}
}

async function storageFree(): Promise<{ free: number; quota: number } | null> {
	const est = await estimateStorage();
	return est && { free: est.free, quota: est.quota };
}

export function serveConvertWorker(scope: Scope = globalThis as unknown as Scope): void {
	const post = (m: FromWorker) => scope.postMessage(m);
	const store = createConvertStore();
	let job: ConvertJob | null = null;
	let prepared: Prepared | null = null;
	let stop: AbortController | null = null;
	const fail = (e: unknown) =>
		post({ type: 'error', error: e instanceof ConvertError ? { kind: e.kind, message: e.message, file: e.file ?? null } : { kind: 'internal', message: e instanceof Error ? e.message : String(e), file: null } });

	async function inspect(j: ConvertJob): Promise<void> {
		job = j;
		const library = await fetchLibrary(j.library.url);
		prepared = await prepareConversion({
			spec: specOf(j), open: { token: j.token ?? null, endpoint: j.endpoint ?? undefined }, library, target: j.target, modelId: j.modelId, label: j.label, shardBytes: j.shardBytes
		});
		const old = await store.getState(j.modelId).catch(() => null);
		const same = old && old.planDigest === prepared.plan.digest;
		const p = prepared.plan;
		const summary: JobSummary = {
			modelId: j.modelId, label: j.label, family: prepared.model.config.family, target: j.target, format: prepared.model.format,
			sourceLabel: prepared.request.sourceLabel, commit: prepared.model.origin?.commit ?? null, files: p.files,
			sourceBytes: p.totals.fileBytes ?? p.totals.sourceBytes, outputBytes: p.totals.outputBytes, shards: p.shards.length, tensors: p.tensors.length,
			resume: same ? { shardsDone: old.doneShards.length, readBytes: old.readBytes } : null,
			storage: await storageFree(),
			backend: j.backend === 'cpu' || !(globalThis.navigator as { gpu?: unknown } | undefined)?.gpu ? 'CPU workers' : 'WebGPU (CPU workers if the GPU refuses)'
		};
		post({ type: 'inspected', summary });
	}

	async function start(): Promise<void> {
		if (!prepared || !job) throw new ConvertError('unsupported', 'inspect a source before converting it');
		const p = prepared;
		const old = await store.getState(job.modelId).catch(() => null);
		const written = old && old.planDigest === p.plan.digest ? p.plan.shards.filter((_, k) => old.doneShards.includes(k)).reduce((a, s) => a + s.nbytes, 0) : 0;
		const need = p.plan.totals.outputBytes - written;
		const room = await storageFree();
		if (room && room.free < need * 1.05)
			throw new ConvertError('quota', `The converted model needs ${formatBytes(need, { decimal: true })} more storage, and the browser offers ${formatBytes(room.free, { decimal: true })}. Free some space (delete other models here, or other sites' data), then start again.`);
		await putLibrary(p.library.url, p.library.bytes.slice().buffer as ArrayBuffer);
		stop = new AbortController();
		const backend = await chooseBackend(job);
		const pool = quantizePoolSize((globalThis.navigator as { hardwareConcurrency?: number }).hardwareConcurrency);
		const filesAtOnce = Math.max(1, Math.min(4, (pool + 1) >> 1));
		try {
			const record = await runConversion({
				...p, libraryBytes: p.library.bytes.byteLength, sink: idbSink(p.baseUrl, job.webllm ?? APP_WEBLLM), store, backend,
				hasher: workerHasher(() => new Worker(new URL('../../workers/hash.worker.ts', import.meta.url), { type: 'module' }) as never),
				// Every worker of the pool busy, plus one group being read: the files share this limit.
				filesAtOnce, groupsInFlight: Math.max(2 * filesAtOnce, pool + 1),
				chunkBytes: job.chunkBytes, signal: stop.signal, onProgress: (progress) => post({ type: 'progress', progress })
			});
			post({ type: 'done', record });
		} finally {
			backend.close();
			stop = null;
		}
	}

	scope.addEventListener('message', (ev) => {
		const m = parseToWorker(ev.data);
		if (!m) return fail(new Error('the conversion worker got a malformed message'));
		if (m.type === 'cancel') return void stop?.abort();
		(m.type === 'inspect' ? inspect(m.job) : start()).catch(fail);
	});
}
