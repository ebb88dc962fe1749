// `npm run test:engine:contract`: the web-llm contract cases (tests/contract/cases.ts, run against the fakes in
// `npm test`) against web-llm's real runtime, 0.2.79, on Chromium's WebGPU (the software adapter here), with the model
// library in REAL_ENGINE_LIB and the generated weights the engine check uses. Four forward calls in all (two
// prefills, two decode steps) besides one load: each costs tens of seconds on the software adapter.
//   REAL_ENGINE_LIB=../shared/real-engine/Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm npm run test:engine:contract
// Prints progress to stderr and one JSON line to stdout; exits 1 when any case fails.
import { join, resolve } from 'node:path';
import { readLibrary } from '../../../rig/library';
import { startModelHost } from '../../../rig/model-host';
import { idsToText } from '../../../src/lib/engines/webllm/synthetic/index';
import { serveStatic } from '../../engine/static-server';
import { launchBrowser } from '../../engine/browser';
import { engineModel, HOW_TO_GET_A_LIBRARY } from '../../engine/fixture';
import { buildPage } from '../../engine/page-build';
import type { RealContractInput, RealContractOutput } from './page';

const ROOT = resolve(import.meta.dirname, '../../..');
const OUTPUT = join(ROOT, 'tests/output');
const t0 = Date.now();
const log = (m: string) => console.error(`[contract-check ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const SEED = Number(process.env.ENGINE_CHECK_SEED ?? 1);
const word = (k: number, i: number) => 1000 + ((k * 7919 + i * 104729) % 150000);

async function main(): Promise<{ out: RealContractOutput; hostRequests: number; expectedRequests: number }> {
	const libLocation = process.env.REAL_ENGINE_LIB;
	if (!libLocation) throw new Error(HOW_TO_GET_A_LIBRARY);
	const lib = await readLibrary(libLocation);
	// The same generated folder as the engine check's (0.2.79 reads ndarray-cache.json), made once per library and seed.
	const { modelDir, manifest } = await engineModel(lib, SEED, log);

	const pageDir = await buildPage('tests/contract/real/page.ts', join(OUTPUT, 'contract-harness'), 'contract');
	log('built the page');

	const id = `synthetic-${manifest.libSha256.slice(0, 8)}-s${SEED}-contract`;
	const host = await startModelHost({ models: { [id]: modelDir }, libs: { [lib.fileName]: lib.bytes } });
	const page = await serveStatic(pageDir);
	const browser = await launchBrowser(log);
	try {
		const h = await browser.newHarnessPage(`${page.origin}/index.html`);
		const sampleIds = [word(6, 0), word(6, 1)];
		const input: RealContractInput = {
			id,
			hostFolderUrl: `${host.modelUrl(id)}/resolve/main/`,
			hostLibUrl: host.libUrl(lib.fileName),
			files: manifest.files.map((f) => f.name),
			baseUrl: `https://contract.invalid/${id}/resolve/main/`,
			libUrl: `https://contract.invalid/libs/${lib.fileName}`,
			sample: { text: idsToText(sampleIds), ids: sampleIds },
			prefix: Array.from({ length: 4 }, (_, i) => word(1, i)),
			next: word(2, 0),
			vocabSize: manifest.vocabSize,
			contextWindow: 256,
			// The v0_2_48 libraries were compiled for batches of up to 80 (real-engine/NOTES.md).
			maxBatchSize: 80
		};
		log(`running ${manifest.files.length} files through the contract cases on web-llm 0.2.79`);
		const out = (await h.page.evaluate((i) => (window as unknown as { harness: { contract(x: unknown): Promise<unknown> } }).harness.contract(i), input)) as RealContractOutput;
		let hostRequests = 0;
		for (const n of host.counts().values()) hostRequests += n;
		return { out, hostRequests, expectedRequests: manifest.files.length + 1 };
	} finally {
		await browser.close();
		await page.close();
		await host.stop();
	}
}

main()
	.then(({ out, hostRequests, expectedRequests }) => {
		const failures = out.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.failure}`);
		if (out.error) failures.push(out.error);
		if (!out.results.length && !out.error) failures.push('no case ran');
		// Each file was read once to fill the cache; the load itself must not have gone back to the host.
		if (hostRequests !== expectedRequests) failures.push(`the host saw ${hostRequests} requests, expected ${expectedRequests} (one per file and the library)`);
		for (const f of failures) log(`FAIL ${f}`);
		console.log(JSON.stringify({
			ok: failures.length === 0, failures, adapter: out.adapter, fetch_s: Math.round(out.fetchMs / 1000),
			cases: out.results.map((r) => ({ name: r.name, ok: r.ok, s: Math.round(r.ms / 100) / 10 })),
			seconds: Math.round((Date.now() - t0) / 1000)
		}));
		process.exit(failures.length ? 1 : 0);
	})
	.catch((e: unknown) => {
		const msg = (e instanceof Error ? e.message : String(e)).split('\nBrowser logs:')[0];
		log(`FAIL ${msg}`);
		console.log(JSON.stringify({ ok: false, failures: [msg], seconds: Math.round((Date.now() - t0) / 1000) }));
		process.exit(1);
	});
