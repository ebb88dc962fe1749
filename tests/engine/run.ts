// `npm run test:engine`: the project's WebLLM engine against web-llm's real runtime (0.2.79) on WebGPU in headless
// Chromium, with a generated model for the library in REAL_ENGINE_LIB. Prints progress to stderr and one JSON line
// to stdout; exits 1 on any failed assertion, and fails (never skips) without a library.
import { idsToText } from '../../src/lib/engines/webllm/synthetic/index';
import type { SelfCheckReport } from '../../src/lib/engines/webllm/kv/self-check';
import { launchBrowser, type HarnessPage } from './browser';
import { checkFetchedAll, checkSelfCheck, checkTypedError, type Failures } from './checks';
import { HOW_TO_GET_A_LIBRARY, prepareFixture } from './fixture';
import type { HarnessModel } from './harness/main';
import { CONFIG_DB, MODEL_DB } from '../../src/lib/engines/webllm/runtime/cache-layout';

const t0 = Date.now();
const log = (m: string) => console.error(`[engine-check ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const failures: Failures = [];
// Filled as the steps run, so a run that fails half-way still prints what it measured.
const out: Record<string, unknown> = {};
/** ENGINE_CHECK_STEPS=reuse,window,device,cache runs a subset (default: all); a full run is the check. */
const STEPS = new Set((process.env.ENGINE_CHECK_STEPS ?? 'reuse,window,device,cache').split(',').map((x) => x.trim()));
const want = (step: string) => STEPS.has(step);
const expectAll = (step: string, f: Failures) => {
	for (const x of f) {
		failures.push(`${step}: ${x}`);
		log(`FAIL ${step}: ${x}`);
	}
};

// Token counts stay tiny: on the software adapter a prefill call costs ~0.5–2 min and a decode step ~15–30 s.
const SEED = Number(process.env.ENGINE_CHECK_SEED ?? 1);
const CONTEXT_WINDOW = 256;
const word = (k: number, i: number) => 1000 + ((k * 7919 + i * 104729) % 150000);
const PREFIX_IDS = Array.from({ length: 8 }, (_, i) => word(1, i));
const QUESTIONS = [[word(2, 0), word(2, 1)], [word(3, 0), word(3, 1)]];
const CHECK_PROMPT = { prefix: idsToText(PREFIX_IDS), questions: QUESTIONS.map((q) => ' ' + idsToText(q)) as [string, string] };
const TOO_LONG = idsToText(Array.from({ length: CONTEXT_WINDOW + 44 }, (_, i) => word(4, i)));
const SHORT = idsToText([word(5, 0), word(5, 1), word(5, 2), word(5, 3)]);

async function main(): Promise<void> {
	const libLocation = process.env.REAL_ENGINE_LIB;
	if (!libLocation) throw new Error(HOW_TO_GET_A_LIBRARY);
	const fx = await prepareFixture(libLocation, SEED, log);
	const model: HarnessModel = { id: fx.modelId, model: fx.host.modelUrl(fx.modelId), lib: fx.host.libUrl(fx.lib.fileName), contextWindow: CONTEXT_WINDOW };
	const modelPath = new URL(model.model).pathname;
	const shardFiles = fx.manifest.files.filter((f) => f.name.endsWith('.bin')).map((f) => f.name);
	const browser = await launchBrowser(log);
	try {
		// Page A: first load from the host, reuse self-check, window error, device loss and recovery.
		let a: HarnessPage = await browser.newHarnessPage(`${fx.page.origin}/index.html`);
		const adapter = await a.call('adapter');
		out.adapter = adapter ? `${adapter.vendor} ${adapter.architecture} ${adapter.description}`.trim() : null;
		log(`adapter: ${out.adapter}`);
		if (!adapter) throw new Error('this Chromium offers no WebGPU adapter');

		const l1 = await a.call('load', model);
		log(`load 1 (host up): ${l1.ok ? `ok in ${(l1.ms / 1000).toFixed(0)} s` : JSON.stringify(l1.error)}`);
		if (!l1.ok) throw new Error(`the first load failed: ${l1.error.message} (${l1.error.detail ?? ''})`);
		expectAll('first load', checkFetchedAll(fx.host.counts(), shardFiles, modelPath));
		if (!fx.host.countMatching('/libs/')) expectAll('first load', ['the model library was not fetched from the host']);
		if (l1.value.missingInternals.length) expectAll('first load', [`token path unavailable: ${l1.value.missingInternals.join(', ')}`]);

		if (want('reuse')) {
			const sc = await a.call('selfCheck', CHECK_PROMPT);
			const report: SelfCheckReport | null = sc.ok ? sc.value.report : null;
			out.self_check_via = sc.ok ? sc.value.via : null;
			log(`self-check (${sc.ok ? sc.value.via : '-'}): ${sc.ok ? JSON.stringify(report) : JSON.stringify(sc.error)}`);
			expectAll('prefix reuse', sc.ok ? checkSelfCheck(report, { prefixTokens: PREFIX_IDS.length, questionTokens: QUESTIONS.map((q) => q.length) }) : [sc.error.message]);
			out.questions = report?.questionTokens.length ?? 0;
			out.reuse_path = report?.path ?? null;
			out.max_abs_logit_diff = report && report.path !== 'none' ? report.maxAbsDiff[report.path] : null;
			out.context_signal = report?.contextSignal ?? null;
			out.chunk_path_diff = report?.maxAbsDiff.chunk ?? null;
			out.kv_restored = report?.kvRestored ?? false;
		}

		if (want('window')) {
			const tooLong = await a.call('generate', TOO_LONG, 4);
			log(`too-long prompt: ${JSON.stringify(tooLong.ok ? tooLong.value : tooLong.error)}`);
			expectAll('window error', checkTypedError(tooLong.ok ? null : tooLong.error, 'context-window', /context window/i));
			out.window_error = tooLong.ok ? null : `${tooLong.error.kind}: ${tooLong.error.message}`;
			const after = await a.call('generate', SHORT, 2);
			log(`answer after the window error: ${JSON.stringify(after.ok ? after.value : after.error)}`);
			if (!after.ok) expectAll('window error', [`the engine did not answer after the window error: ${after.error.message}`]);
			else {
				if (after.value.usage.completionTokens < 1) expectAll('window error', ['the answer after the window error has no tokens']);
				out.prefill_tokens_per_s = after.value.timings.prefillTokensPerS;
				out.decode_tokens_per_s = after.value.timings.decodeTokensPerS;
			}
		}

		let l2ok = true;
		if (want('device')) {
			const destroyed = await a.call('destroyDevice');
			log(`device destroyed: ${JSON.stringify(destroyed)}`);
			const lost = await a.call('generate', SHORT, 1);
			log(`generate after device loss: ${JSON.stringify(lost.ok ? lost.value : lost.error)}`);
			const lostFailures = destroyed.ok ? checkTypedError(lost.ok ? null : lost.error, 'device-lost', /GPU/) : [`could not destroy the device: ${destroyed.error.message}`];
			// Recovery with the host stopped: the reload must come from web-llm's cache alone.
			await fx.host.stop();
			fx.host.resetCounts();
			const l2 = await a.call('load', model);
			log(`load 2 (same engine after device loss, host stopped): ${l2.ok ? `ok in ${(l2.ms / 1000).toFixed(0)} s` : JSON.stringify(l2.error)}`);
			if (!l2.ok) lostFailures.push(`loading again after the device loss failed: ${l2.error.message}`);
			else {
				const g = await a.call('generate', SHORT, 1);
				if (!g.ok) lostFailures.push(`the reloaded engine did not answer: ${g.error.message}`);
				else if (g.value.usage.completionTokens !== 1) lostFailures.push('the reloaded engine answered no token');
			}
			expectAll('device lost', lostFailures);
			out.device_lost_handled = lostFailures.length === 0;
			l2ok = l2.ok;
		}
		await a.call('unload');
		await a.close();
		if (!want('cache')) return;
		await fx.host.stop();
		fx.host.resetCounts();

		// Page B: a new page with the host still stopped; then the model manager lists and deletes the model.
		const b = await browser.newHarnessPage(`${fx.page.origin}/index.html`);
		const l3 = await b.call('load', model);
		log(`load 3 (new page, host stopped): ${l3.ok ? `ok in ${(l3.ms / 1000).toFixed(0)} s, phases ${l3.value.phases.join('>')}` : JSON.stringify(l3.error)}`);
		const offline: Failures = l3.ok ? [] : [`loading from the cache alone failed: ${l3.error.message}`];
		if (l3.ok && l3.value.phases.includes('fetch')) offline.push('the offline load reported a fetch phase');
		expectAll('offline reload', offline);
		out.offline_reload = l2ok && offline.length === 0;
		await b.call('unload');

		const resolved = `${model.model}/resolve/main/`;
		const usage = await b.call('idbUsage', resolved);
		const listed = await b.call('cachedModels');
		log(`IndexedDB for the model: ${JSON.stringify(usage)}; manager: ${JSON.stringify(listed)}`);
		const cacheF: Failures = [];
		if (!listed.ok) cacheF.push(`listing cached models failed: ${listed.error.message}`);
		else {
			const row = listed.value.find((r) => r.key.includes(fx.modelId));
			if (!row) cacheF.push(`the manager does not list ${fx.modelId}`);
			else {
				out.cache_bytes = row.bytes;
				// The true size: what IndexedDB holds for the folder (weights, tensor cache JSON, tokenizer, config),
				// read independently; it lies between the shard bytes and the folder's bytes on disk (JSON is stored parsed).
				const inDb = usage.bytes[MODEL_DB] + usage.bytes[CONFIG_DB];
				const onDisk = fx.manifest.files.reduce((s, f) => s + f.bytes, 0);
				if (row.bytes !== inDb) cacheF.push(`manager says ${row.bytes} bytes, IndexedDB holds ${inDb} for the model`);
				if (row.bytes < fx.manifest.weightBytes || row.bytes > onDisk)
					cacheF.push(`manager says ${row.bytes} bytes, outside [${fx.manifest.weightBytes} weights, ${onDisk} folder]`);
			}
		}
		const del = await b.call('deleteCachedModel', model);
		if (!del.ok) cacheF.push(`deleting failed: ${del.error.message}`);
		else if (del.value < shardFiles.length) cacheF.push(`delete removed ${del.value} files, the folder has ${shardFiles.length} shards`);
		const listed2 = await b.call('cachedModels');
		if (listed2.ok && listed2.value.some((r) => r.key.includes(fx.modelId))) cacheF.push('the model is still listed after delete');
		const usage2 = await b.call('idbUsage', resolved);
		const left = usage2.bytes[MODEL_DB] + usage2.bytes[CONFIG_DB];
		if (left !== 0) cacheF.push(`${left} bytes of the model remain in IndexedDB after delete`);
		const l4 = await b.call('load', model);
		log(`load 4 (after delete, host stopped): ${JSON.stringify(l4.ok ? 'ok' : l4.error)}`);
		if (l4.ok) cacheF.push('a load after delete succeeded without the host');
		else if (l4.error.kind !== 'network') cacheF.push(`a load after delete without the host failed as "${l4.error.kind}", expected "network": ${l4.error.message}`);
		expectAll('model manager', cacheF);
		await b.close();
	} finally {
		await browser.close();
		await fx.close();
	}
}

const KEYS = ['questions', 'reuse_path', 'max_abs_logit_diff', 'context_signal', 'chunk_path_diff', 'kv_restored', 'offline_reload', 'cache_bytes', 'window_error', 'device_lost_handled', 'adapter', 'prefill_tokens_per_s', 'decode_tokens_per_s', 'self_check_via'];

main()
	.catch((e: unknown) => {
		// Playwright appends the whole browser log to its errors: what precedes it says what happened.
		const msg = (e instanceof Error ? e.message : String(e)).split('\nBrowser logs:')[0];
		failures.push(msg);
		log(`FAIL ${msg}`);
	})
	.then(() => {
		const line: Record<string, unknown> = {};
		for (const k of KEYS) line[k] = out[k] ?? null;
		line.steps = [...STEPS];
		line.ok = failures.length === 0;
		line.failures = failures;
		line.seconds = Math.round((Date.now() - t0) / 1000);
		console.log(JSON.stringify(line));
		process.exit(failures.length ? 1 : 0);
	});
