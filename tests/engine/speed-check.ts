// The speed check end to end on web-llm's real runtime (0.2.79 twin worker) on the software adapter, at tiny sizes:
// the built app's /speed route, a real model library (REAL_ENGINE_LIB, e.g. Qwen2-0.5B q4f32_1 v0_2_48) served by
// a local host that counts requests, and no weights anywhere but the ones the page generates into IndexedDB.
// usage: REAL_ENGINE_LIB=/path/lib.wasm [SKIP_BUILD=1] npx tsx tests/engine/speed-check.ts   (≈ 10 min on 2 cores)
// Prints progress to stderr and one JSON line to stdout; exits 1 on any failed assertion.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { execSync } from 'node:child_process';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS } from './browser';
import { predictRun, VAL_PLAN } from '../../src/lib/speed/predict';
import type { SpeedResult } from '../../src/lib/speed/types';
import { CACHE_STORE, WEBLLM_DATABASES } from '../../src/lib/engines/webllm/runtime/cache-layout';

const ROOT = resolve(import.meta.dirname, '../..');
const APP = join(ROOT, 'build');
const t0 = Date.now();
const log = (m: string) => console.error(`[speed-check ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
const SYNTH = '/__speed-synthetic__/';

async function main() {
	const libPath = process.env.REAL_ENGINE_LIB;
	if (!libPath) throw new Error('REAL_ENGINE_LIB is not set: the path of a v0_2_48 q4f32_1 model library (see tests/engine/fixture.ts)');
	const lib = await readFile(libPath);
	const libName = basename(libPath);
	const libSha = createHash('sha256').update(lib).digest('hex');
	if (process.env.SKIP_BUILD !== '1') {
		log('building the app (vite build)');
		execSync('npx vite build --logLevel warn', { cwd: ROOT, stdio: 'inherit' });
	}
	// The app (SPA fallback) and the library on one local origin; every GET is counted.
	const counts = new Map<string, number>();
	const server = createServer(async (req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		counts.set(path, (counts.get(path) ?? 0) + 1);
		if (path === `/lib/${libName}`) return void res.writeHead(200, { 'content-type': 'application/wasm' }).end(lib);
		if (path.startsWith(SYNTH)) return void res.writeHead(404).end();
		const file = normalize(join(APP, path));
		if (!file.startsWith(APP + sep) && file !== APP) return void res.writeHead(403).end();
		for (const f of [file, file + '.html', join(APP, '200.html')]) {
			try {
				const body = await readFile(f);
				return void res.writeHead(200, { 'content-type': TYPES[extname(f)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
			} catch {
				// next candidate
			}
		}
		res.writeHead(404).end();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as { port: number }).port;
	const origin = `http://127.0.0.1:${port}`;
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
	const failures: string[] = [];
	const expect = (ok: boolean, msg: string) => {
		if (!ok) {
			failures.push(msg);
			log(`FAIL ${msg}`);
		}
	};
	try {
		const ctx = await browser.newContext({ serviceWorkers: 'block' });
		const page = await ctx.newPage();
		page.setDefaultTimeout(0);
		const requested: string[] = [];
		ctx.on('request', (r) => requested.push(r.url())); // page, its workers
		page.on('console', (m) => m.type() === 'error' && log(`[page error] ${m.text().slice(0, 300)}`));
		const q = `model=custom&lib=/lib/${libName}&worker=0279&lens=8,16&dec=1&ql=2&ctx=256&scp=4&scq=1&seed=3&auto=1`;
		await page.goto(`${origin}/speed?${q}`);
		let last = '';
		const timer = setInterval(async () => {
			const s = await page.locator('#speed-status').textContent({ timeout: 1000 }).catch(() => '');
			if (s && s !== last) log((last = s));
		}, 2000);
		await page.waitForFunction(() => document.title === 'speed:done', undefined, { timeout: 40 * 60_000 });
		clearInterval(timer);
		const r = (await page.evaluate(() => (window as unknown as { __speedResult: unknown }).__speedResult)) as SpeedResult;
		log(`result: ${JSON.stringify({ ok: r.ok, error: r.error, rows: r.rows, selfCheck: r.selfCheck, network: r.network, timings: r.timings })}`);
		expect(r.ok, `the speed check failed: ${r.error}`);
		expect(JSON.stringify(r.rows.map((x) => x.n)) === '[8,16]', `rows at ${r.rows.map((x) => x.n)} instead of 8, 16`);
		for (const x of r.rows) {
			for (const k of ['prefillS', 'prefillTokS', 'decodeS', 'decodeTokS', 'questionChunkS', 'questionDecodeS'] as const)
				expect(Number.isFinite(x[k]) && x[k] > 0, `row ${x.n}: ${k} = ${x[k]} is not a positive number`);
			expect(x.kvRestored, `row ${x.n}: the KV length did not come back to N after a question`);
			expect(x.decodeSteps === 1 && x.questionTokens === 2, `row ${x.n}: ran ${x.decodeSteps} steps / ${x.questionTokens} question tokens`);
		}
		// No weight request left the page: not at the host, not in the browser's request log, not in resource timing.
		const synthAtHost = [...counts].filter(([p]) => p.startsWith(SYNTH));
		expect(synthAtHost.length === 0, `the host saw requests for the synthetic model: ${JSON.stringify(synthAtHost)}`);
		const synthInBrowser = requested.filter((u) => u.includes(SYNTH));
		expect(synthInBrowser.length === 0, `the browser requested ${synthInBrowser.slice(0, 3).join(', ')}`);
		expect(r.network?.modelRequests === 0, `the page counted ${r.network?.modelRequests} model requests`);
		expect((counts.get(`/lib/${libName}`) ?? 0) >= 1, 'the model library was never fetched from the host');
		// The synthetic weights are gone: the page's own count, and an independent read of web-llm's databases.
		expect(r.network?.recordsLeft === 0, `the page reports ${r.network?.recordsLeft} synthetic records left`);
		const left = await page.evaluate(async ({ synth, dbs, store }) => {
			let n = 0;
			for (const d of await indexedDB.databases()) {
				if (!d.name || !dbs.includes(d.name)) continue;
				const db = await new Promise<IDBDatabase>((res, rej) => {
					const o = indexedDB.open(d.name!);
					o.onsuccess = () => res(o.result);
					o.onerror = () => rej(o.error);
				});
				if (db.objectStoreNames.contains(store))
					n += (await new Promise<IDBValidKey[]>((res) => {
						const g = db.transaction(store).objectStore(store).getAllKeys();
						g.onsuccess = () => res(g.result);
					})).filter((k) => String(k).includes(synth)).length;
				db.close();
			}
			return n;
		}, { synth: SYNTH, dbs: [...WEBLLM_DATABASES] as string[], store: CACHE_STORE });
		expect(left === 0, `${left} synthetic records remain in IndexedDB`);
		// Provenance, and a prediction made from exactly these numbers.
		const pv = r.provenance;
		expect(pv?.label === 'synthetic weights: speed only', 'the result is not labelled "synthetic weights: speed only"');
		expect(pv?.webllmVersion === '0.2.79', `web-llm ${pv?.webllmVersion}, expected 0.2.79 (the twin worker)`);
		expect(pv?.library.sha256 === libSha, 'the library hash in the provenance is not the served file');
		expect(!!pv?.adapter && pv.adapter.shaderF16 === false && pv.quantization === 'q4f32_1', `adapter/quantization: ${JSON.stringify(pv?.adapter)} ${pv?.quantization}`);
		const again = predictRun(r.rows, VAL_PLAN);
		expect(JSON.stringify(again) === JSON.stringify(r.prediction), 'the prediction was not computed from the measured rows');
		expect(!!r.prediction && r.prediction.paths.every((p) => Number.isFinite(p.totalS) && p.totalS > 0), 'the prediction has non-positive totals');
		expect(!!r.selfCheck && r.selfCheck.kvRestored && r.selfCheck.contextSignal > 0, `self-check: ${JSON.stringify(r.selfCheck)}`);
		const text = (await page.locator('main, body').first().textContent()) ?? '';
		expect(/synthetic weights: speed only/.test(text) && /Predicted time/.test(text), 'the panel does not show the label and the prediction');
		return { ok: failures.length === 0, failures, rows: r.rows, selfCheck: r.selfCheck, network: r.network, prediction: r.prediction?.paths.map((p) => [p.path, Math.round(p.totalS)]), timings: r.timings, hostLibRequests: counts.get(`/lib/${libName}`) };
	} finally {
		await browser.close();
		server.close();
	}
}

main()
	.then((out) => {
		console.log(JSON.stringify({ ...out, seconds: Math.round((Date.now() - t0) / 1000) }));
		process.exit(out.ok ? 0 : 1);
	})
	.catch((e: unknown) => {
		log(`FAIL ${e instanceof Error ? e.message : String(e)}`);
		console.log(JSON.stringify({ ok: false, failures: [String(e)] }));
		process.exit(1);
	});
