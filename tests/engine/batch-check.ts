// The batch paths on web-llm's real runtime (0.2.79) in headless Chromium with a generated model for the library in
// REAL_ENGINE_LIB: batched answers on forked sequences must equal web-llm's own one-at-a-time greedy answers, and the
// batch self-check must keep only the paths that match single decode steps (on the software adapter: batched
// decoding yes, batch_verify no). Kept to ~20 forwards: each costs tens of seconds on the software adapter.
//   REAL_ENGINE_LIB=../shared/real-engine/Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm npx tsx tests/engine/batch-check.ts
// Prints progress to stderr and one JSON line to stdout; exits 1 on any failure.
import { join, resolve } from 'node:path';
import { readLibrary } from '../../rig/library';
import { engineModel } from './fixture';
import { buildPage } from './page-build';
import { startModelHost } from '../../rig/model-host';
import { serveStatic } from './static-server';
import { launchBrowser } from './browser';
import type { BatchCheckInput, BatchCheckOutput } from './batch-page';
import { judge } from './batch-judge';

const ROOT = resolve(import.meta.dirname, '../..');
const OUTPUT = join(ROOT, 'tests/output');
const t0 = Date.now();
const log = (m: string) => console.error(`[batch-check ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);

const SEED = Number(process.env.ENGINE_CHECK_SEED ?? 1);
const word = (k: number, i: number) => 1000 + ((k * 7919 + i * 104729) % 150000);

async function main() {
	const libLocation = process.env.REAL_ENGINE_LIB;
	if (!libLocation) throw new Error('REAL_ENGINE_LIB is not set (see tests/engine/fixture.ts for where to get a library).');
	const lib = await readLibrary(libLocation);
	const { modelDir, manifest } = await engineModel(lib, SEED, log);

	const pageDir = await buildPage('tests/engine/batch-page.ts', join(OUTPUT, 'batch-harness'), 'batch');
	log('built the page');

	const modelId = `synthetic-${manifest.libSha256.slice(0, 8)}-s${SEED}-batch`;
	const host = await startModelHost({ models: { [modelId]: modelDir }, libs: { [lib.fileName]: lib.bytes } });
	const page = await serveStatic(pageDir);
	const browser = await launchBrowser(log);
	try {
		const h = await browser.newHarnessPage(`${page.origin}/index.html`);
		const input: BatchCheckInput = {
			id: modelId, model: host.modelUrl(modelId), lib: host.libUrl(lib.fileName), contextWindow: 256,
			context: Array.from({ length: 8 }, (_, i) => word(1, i)),
			questions: [[word(2, 0), word(2, 1)], [word(3, 0), word(3, 1)]],
			maxTokens: 2
		};
		log('running through the worker engine: load, 2 answers one at a time, then generateBatch (batch self-check: 12 forwards; 2 batched answers)');
		const out = (await h.page.evaluate((i) => (window as unknown as { harness: { batchCheck(x: unknown): Promise<unknown> } }).harness.batchCheck(i), input)) as BatchCheckOutput;
		log(`adapter ${out.adapter}; load ${(out.loadMs / 1000).toFixed(0)} s; one at a time ${(out.referenceMs / 1000).toFixed(0)} s; batch (self-check included) ${(out.batchMs / 1000).toFixed(0)} s`);
		log(`self-check: ${JSON.stringify(out.selfCheck)}`);
		log(`one at a time ${JSON.stringify(out.reference)}`);
		log(`batched (${out.path}) ${JSON.stringify(out.batched)} details ${JSON.stringify(out.details)}`);
		return out;
	} finally {
		await browser.close();
		await page.close();
		await host.stop();
	}
}

main()
	.then((out) => {
		const failures = judge(out);
		for (const f of failures) log(`FAIL ${f}`);
		const sc = out.selfCheck;
		console.log(JSON.stringify({
			ok: failures.length === 0, failures, adapter: out.adapter, path: out.path,
			batched_decode_diff: sc?.decodeDiff ?? null, verify_diff: sc?.verifyDiff ?? null, verify_kept: sc?.questionPath === 'verify',
			context_signal: sc?.contextSignal ?? null,
			answers_identical: failures.every((f) => !f.startsWith('question')) && out.batched.length === out.reference.length,
			seconds: Math.round((Date.now() - t0) / 1000)
		}));
		process.exit(failures.length ? 1 : 0);
	})
	.catch((e: unknown) => {
		log(`FAIL ${e instanceof Error ? e.message : String(e)}`);
		console.log(JSON.stringify({ ok: false, failures: [String(e)], seconds: Math.round((Date.now() - t0) / 1000) }));
		process.exit(1);
	});
