// The GPU conversion benchmark's page (no Node on the device: it runs from its URL and posts what it measured).
// 1. Downloads every source file once, to time the download alone (through the same local host).
// 2. Converts the checkpoint with the app's conversion worker (the conversion check's harness) into web-llm's cache.
// 3. Loads it with web-llm 0.2.79 from the cache alone and takes the logits of an `n`-token prompt.
// 4. Uploads the converted folder to the host, for compare.py's forward passes in transformers.
// URL: ?repo=owner/name&lib=/lib/<library>.wasm&n=2048&seed=1
import { adapter, convert, logits } from '../../../tests/engine/convert/harness';
import { convertedBaseUrl } from '$lib/convert/run/prepare';
import { createRng } from '$lib/engines/webllm/synthetic/rng';
import { deleteUnder, eachModelFile, putModelFiles } from '$lib/engines/webllm/runtime';

const q = new URLSearchParams(location.search);
const post = (path: string, body: unknown) => fetch(path, { method: 'POST', body: JSON.stringify(body) });
const t0 = performance.now();
const log = (m: string) => void post('/log', { t: +((performance.now() - t0) / 1000).toFixed(1), m });

async function drain(r: Response): Promise<number> {
	const reader = r.body!.getReader();
	let n = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return n;
		n += value.byteLength;
	}
}

/** Every file of the converted folder, one record at a time, PUT to the host. */
async function upload(baseUrl: string): Promise<number> {
	let bytes = 0;
	await eachModelFile(baseUrl, async (name, data) => {
		const body = data instanceof ArrayBuffer ? data : JSON.stringify(data);
		await fetch(`/upload/${name}`, { method: 'PUT', body });
		bytes += typeof body === 'string' ? body.length : body.byteLength;
	});
	return bytes;
}

/** IndexedDB's own write rate here: `n` shards of 32 MB put one after another, as the converter's sink puts them. */
async function idbRate(n: number): Promise<{ MBps: number; shards: number }> {
	const base = 'https://converted.invalid/idb-rate/resolve/main/';
	const buf = new Uint8Array(32 << 20);
	for (let i = 0; i < buf.length; i += 65536) crypto.getRandomValues(buf.subarray(i, i + 65536));
	const t = performance.now();
	for (let k = 0; k < n; k++) await putModelFiles(base, [{ name: `params_shard_${k}.bin`, data: buf.slice().buffer }]);
	const s = (performance.now() - t) / 1000;
	await deleteUnder(base);
	return { MBps: (n * 32 * 1.048576) / s, shards: n };
}

/** ?only=convert&backends=auto,cpu: conversions alone, one per backend, and IndexedDB's write rate. */
async function convertOnly(repo: string, lib: string) {
	const out: Record<string, unknown> = { adapter: await adapter(), cores: navigator.hardwareConcurrency, idb: await idbRate(32) };
	log(`idb: ${JSON.stringify(out.idb)}`);
	for (const b of (q.get('backends') ?? 'auto').split(',') as ('auto' | 'cpu')[]) {
		const c = await convert({ endpoint: location.origin, repo, libUrl: lib, modelId: `bench-${b}`, cancelAt: null, backend: b, hash: false });
		out[b] = { seconds: c.seconds, GBps: c.summary.sourceBytes / 1e9 / c.seconds, backend: c.summary.backend };
		log(`${b}: ${JSON.stringify(out[b])}`);
		await deleteUnder(convertedBaseUrl(`bench-${b}`));
	}
	await post('/result', out);
	document.title = 'convert:done';
}

async function run() {
	if (q.get('only') === 'convert') return convertOnly(q.get('repo')!, q.get('lib')!);
	const repo = q.get('repo')!, lib = q.get('lib')!, n = Number(q.get('n') ?? 2048), seed = Number(q.get('seed') ?? 1);
	const result: Record<string, unknown> = { adapter: await adapter(), userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency };
	try {
		const listing = (await (await fetch(`/api/models/${repo}/revision/main`)).json()) as { siblings: { rfilename: string; size: number }[] };
		const weights = listing.siblings.filter((f) => f.rfilename.endsWith('.safetensors'));
		let t = performance.now();
		const got = await Promise.all(weights.map(async (f) => drain(await fetch(`/${repo}/resolve/main/${f.rfilename}`))));
		result.download = { files: weights.length, bytes: got.reduce((a, b) => a + b, 0), seconds: (performance.now() - t) / 1000 };
		log(`download alone: ${JSON.stringify(result.download)}`);
		t = performance.now();
		const c = await convert({ endpoint: location.origin, repo, libUrl: lib, modelId: 'bench-mistral', cancelAt: null, backend: 'auto', hash: false });
		result.convert = { seconds: c.seconds, backend: c.summary.backend, sourceBytes: c.summary.sourceBytes, outputBytes: c.summary.outputBytes, shards: c.summary.shards, GBps: c.summary.sourceBytes / 1e9 / c.seconds, files: c.record.source.files, fidelityWorst: [...c.record.fidelity].sort((a, b) => b.relRms - a.relRms).slice(0, 5), tensors: c.record.fidelity.length };
		log(`converted: ${JSON.stringify(result.convert).slice(0, 400)}`);
		const rng = createRng(seed, 'bench-prompt');
		const ids = Array.from({ length: n }, () => 3 + (rng.u32() % 31990));
		const l = await logits({ modelId: 'bench-mistral', model: convertedBaseUrl('bench-mistral'), libUrl: lib, ids, contextWindow: Math.max(4096, n + 64) });
		result.ids = ids;
		result.logits = l.logits;
		result.load = { loadS: l.loadS, prefillS: l.forwardS, firstAnswerAfterS: (performance.now() - t) / 1000 };
		log(`loaded in ${l.loadS.toFixed(1)} s, prefill ${l.forwardS.toFixed(1)} s`);
		t = performance.now();
		result.upload = { bytes: await upload(convertedBaseUrl('bench-mistral')), seconds: (performance.now() - t) / 1000 };
		result.ok = true;
	} catch (e) {
		result.ok = false;
		result.error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
	}
	await post('/result', result);
	document.title = 'convert:done';
}

void run();
