// `npm run test:engine:convert`: public-weights conversion against web-llm's real runtime (0.2.79) on Chromium's
// WebGPU (the software adapter here), with the model library in REAL_ENGINE_LIB (the Qwen2-0.5B library).
//  1. A Hugging Face checkpoint shaped for the library is generated (rig/hf: bf16, 3 shards, values on the q4 grid,
//     random norms and biases) and served by a local Hub (API listing with LFS SHA-256s, Range requests).
//  2. The app's conversion worker converts it in Chromium into web-llm's IndexedDB cache — stopped part-way and
//     resumed — and the CLI's code converts it in Node: the two folders must be byte-identical.
//  3. web-llm loads the converted model from the cache alone; its logits on a short prompt are compared with an f32
//     forward pass computed in Node from the *source* weights (rig/hf/reference-forward.ts): max |Δlogit| against the
//     logit spread, and argmax agreement.
//  4. Negative control: the same folder with the nibble order of every 4-bit word reversed must fail that check.
// Prints progress to stderr and one JSON line to stdout; exits 1 on any failed assertion.
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { readLibrary } from '../../../rig/library';
import { startModelHost } from '../../../rig/model-host';
import { shapeForLibrary } from '../../../rig/hf/checkpoint-spec';
import { makeCheckpoint } from '../../../rig/hf/make-checkpoint';
import { Checkpoint, forward } from '../../../rig/hf/reference-forward';
import { parseLibraryMeta } from '../../../src/lib/engines/webllm/synthetic/index';
import { prepareConversion } from '../../../src/lib/convert/run/prepare';
import { runConversion } from '../../../src/lib/convert/run/convert';
import { inlineBackend } from '../../../src/lib/convert/run/backend';
import { inlineHasher } from '../../../src/lib/convert/run/hasher';
import { decodeRow } from '../../../src/lib/convert/formats/gguf-blocks';
import { fsFolderSource } from '../../../cli/convert/fs-source';
import { dirSink, dirStore, RECORD_FILE, STATE_FILE } from '../../../cli/convert/dir-sink';
import { startHfServer } from '../../helpers/hf-server';
import { serveStatic } from '../static-server';
import { launchBrowser } from '../browser';
import { HOW_TO_GET_A_LIBRARY } from '../fixture';
import { buildPage } from '../page-build';
import { compareLogits, flipNibbles, type LogitComparison } from './judge';

const ROOT = resolve(import.meta.dirname, '../../..');
const OUTPUT = join(ROOT, 'tests/output');
const t0 = Date.now();
const log = (m: string) => console.error(`[convert-check ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const SEED = Number(process.env.CONVERT_CHECK_SEED ?? 7);
const REPO = 'checks/qwen2-grid';
const IDS = [1000, 20000, 300, 4000, 50000];
const failures: string[] = [];
const out: Record<string, unknown> = {};
const expect = (ok: boolean, what: string) => {
	if (!ok) {
		failures.push(what);
		log(`FAIL ${what}`);
	}
};
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

async function folderHashes(dir: string): Promise<Record<string, string>> {
	const outH: Record<string, string> = {};
	for (const name of await readdir(dir)) {
		if (name.startsWith('.') || name === RECORD_FILE) continue;
		const b = await readFile(join(dir, name));
		outH[name] = name.endsWith('.json') && name !== 'tokenizer.json' ? `json:${sha(JSON.stringify(JSON.parse(b.toString('utf8'))))}` : sha(b);
	}
	return outH;
}

async function main(): Promise<void> {
	const libLocation = process.env.REAL_ENGINE_LIB;
	if (!libLocation) throw new Error(HOW_TO_GET_A_LIBRARY);
	const lib = await readLibrary(libLocation);
	const meta = parseLibraryMeta(lib.bytes);
	const shape = shapeForLibrary(meta);
	const hubRoot = join(OUTPUT, 'convert-hub');
	const repoDir = join(hubRoot, ...REPO.split('/'));
	const stamp = join(repoDir, '.made');
	const want = `${lib.sha256} ${SEED} grid bf16 3`;
	if (!existsSync(stamp) || (await readFile(stamp, 'utf8')) !== want) {
		await rm(repoDir, { recursive: true, force: true });
		const m = await makeCheckpoint({ outDir: repoDir, shape, seed: SEED, dtype: 'BF16', shards: 3 });
		await writeFile(stamp, want);
		log(`generated a ${(m.params / 1e6).toFixed(0)} M-parameter checkpoint in ${repoDir}`);
	} else log(`reusing the checkpoint in ${repoDir}`);

	log('reference forward pass in Node from the source weights');
	const ref = forward(new Checkpoint(repoDir), shape, IDS).at(-1)!;

	log('converting with the CLI code in Node');
	const cliDir = join(OUTPUT, 'convert-cli');
	await rm(cliDir, { recursive: true, force: true });
	const tc = Date.now();
	const prepared = await prepareConversion({
		spec: { kind: 'source', source: await fsFolderSource(repoDir) }, library: { url: lib.location, bytes: lib.bytes, sha256: lib.sha256 },
		target: 'q4f32_1', modelId: 'cli', label: 'cli'
	});
	await runConversion({ ...prepared, libraryBytes: lib.bytes.byteLength, sink: dirSink(cliDir), store: dirStore(cliDir), backend: inlineBackend(decodeRow), hasher: inlineHasher, filesAtOnce: 1 });
	out.cli_s = (Date.now() - tc) / 1000;
	expect(!existsSync(join(cliDir, STATE_FILE)), 'the CLI left its resumable state behind after finishing');
	const cliHashes = await folderHashes(cliDir);

	const controlDir = join(OUTPUT, 'convert-control');
	await rm(controlDir, { recursive: true, force: true });
	await cp(cliDir, controlDir, { recursive: true });
	out.control_words_flipped = await flipNibbles(controlDir);

	const hub = await startHfServer({ root: hubRoot });
	const host = await startModelHost({ models: { control: controlDir }, libs: { [lib.fileName]: lib.bytes } });
	const pageDir = await buildPage('tests/engine/convert/page.ts', join(OUTPUT, 'convert-harness'), 'convert');
	const page = await serveStatic(pageDir);
	const browser = await launchBrowser(log);
	try {
		const h = await browser.newHarnessPage(`${page.origin}/index.html`);
		const call = <T>(name: string, arg: unknown) => h.page.evaluate(([n, a]) => (window as unknown as { harness: Record<string, (x: unknown) => Promise<unknown>> }).harness[n](a), [name, arg] as const) as Promise<T>;
		out.adapter = await call<string | null>('adapter', null);
		log(`adapter: ${out.adapter}`);
		const libUrl = host.libUrl(lib.fileName);

		log('converting in Chromium with the app’s conversion worker (stopped at 40 %, then resumed)');
		type Converted = { record: { source: { files: { name: string; sha256: string; expectedSha256: string | null }[] }; fidelity: { relRms: number }[] }; summary: { backend: string; sourceBytes: number }; cancelled: boolean; pausedShards: number; pausedStatus: string | null; seconds: number; progressSamples: number; hashes: Record<string, string> };
		const conv = await call<Converted>('convert', { endpoint: hub.url, repo: REPO, libUrl, modelId: 'converted-qwen2', cancelAt: 0.4, backend: 'auto' });
		out.app_convert_s = conv.seconds;
		out.app_backend = conv.summary.backend;
		out.app_rate_MBps = +(conv.summary.sourceBytes / 1e6 / conv.seconds).toFixed(1);
		out.resumed_from_shards = conv.pausedShards;
		expect(conv.cancelled && conv.pausedStatus === 'paused', `the first attempt was not stopped and paused (${conv.pausedStatus})`);
		expect(conv.progressSamples > 0, 'no progress was reported');
		const files = conv.record.source.files;
		expect(files.length === 3 && files.every((f) => f.expectedSha256 && f.sha256 === f.expectedSha256), 'the streamed SHA-256s do not equal the Hub listing’s');
		expect(conv.record.fidelity.length > 0 && conv.record.fidelity.every((f) => f.relRms === 0), 'a grid checkpoint was not converted losslessly');
		const same = Object.keys(cliHashes).sort().join() === Object.keys(conv.hashes).sort().join() && Object.entries(cliHashes).every(([n, hh]) => conv.hashes[n] === hh);
		expect(same, `the app's folder differs from the CLI's: ${Object.keys(cliHashes).filter((n) => conv.hashes[n] !== cliHashes[n]).join(', ')}`);
		out.identical_files = same ? Object.keys(cliHashes).length : 0;

		log('logits of the converted model, loaded from the cache alone');
		type Logits = { logits: number[]; loadS: number; forwardS: number };
		const app = await call<Logits>('logits', { modelId: 'converted-qwen2', model: `https://converted.invalid/converted-qwen2/resolve/main/`, libUrl, ids: IDS, contextWindow: 256 });
		const a: LogitComparison = compareLogits(ref, app.logits);
		out.converted = a;
		expect(a.pass, `the converted model's logits are off the source's: max |Δ| ${a.maxAbsDiff} against a spread of ${a.refStd} (argmax ${a.argmaxRef} vs ${a.argmaxGot})`);

		log('negative control: one nibble order flipped');
		const ctl = await call<Logits>('logits', { modelId: 'control', model: host.modelUrl('control'), libUrl, ids: IDS, contextWindow: 256 });
		const b = compareLogits(ref, ctl.logits);
		out.control = b;
		expect(!b.pass, `the negative control passed the same check (max |Δ| ${b.maxAbsDiff}): the check cannot tell a wrong layout`);
		out.hub_requests = hub.requests.length;
	} finally {
		await browser.close();
		await hub.close();
		await host.stop();
		await page.close();
	}
}

main()
	.catch((e: unknown) => {
		failures.push(`the check stopped: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
		log(failures.at(-1)!);
	})
	.finally(() => {
		out.seconds = (Date.now() - t0) / 1000;
		out.failures = failures;
		out.ok = failures.length === 0;
		process.stdout.write(JSON.stringify(out) + '\n');
		process.exit(failures.length ? 1 : 0);
	});
