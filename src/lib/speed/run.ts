// The speed check end to end, on the page: adapter → record (by the adapter's features) → model library (the only
// download) → synthetic weights written into web-llm's IndexedDB cache → load through the project's WebLLM engine →
// reuse self-check → the ladder (in the speed worker) → unload → delete the synthetic weights → prediction.
import { createWebLlmEngine, type WebLlmEngine } from '$lib/engines/webllm/client';
import { resolvedModelUrl } from '$lib/engines/webllm/models';
import { idsToText, parseLibraryMeta } from '$lib/engines/webllm/synthetic';
import { probeWebGpu, type WebGpuStatus } from '$lib/webgpu';
import { seededIds } from './measure';
import { WORKERS, windowFor, type SpeedParams } from './params';
import { predictBatched, predictRun, VAL_PLAN } from './predict';
import { oneAtATimeCheck, runBatchPhase } from './batch-phase';
import { sha256HexOfBytes } from '$lib/store/hash';
import { formatBytesOf } from '$lib/util/bytes';
import { selectCustom, selectModel } from './select';
import { createShardPool, poolSize } from './shard-pool';
import { countSynthetic, deleteSynthetic, provisionSynthetic } from './synthetic-idb';
import { putLibrary } from '$lib/engines/webllm/runtime';
import { isSpeedMessage, type MeasureRequest, type SpeedWorkerMessage } from './worker-protocol';
import { LABEL, SCHEMA_VERSION, type AnswerDigest, type SpeedResult, type SpeedRow } from './types';

export interface RunHooks {
	onStatus?: (text: string) => void;
	onRow?: (row: SpeedRow) => void;
}

/** A Vite-bundled module worker for the chosen web-llm version. */
export function startSpeedWorker(choice: SpeedParams['worker']): Worker {
	return choice === '0279'
		? new Worker(new URL('./speed-0279.worker.ts', import.meta.url), { type: 'module' })
		: new Worker(new URL('./speed.worker.ts', import.meta.url), { type: 'module' });
}

function waitFor<T extends SpeedWorkerMessage['type']>(
	w: Worker,
	type: T | 'speed:failed',
	onMsg?: (m: SpeedWorkerMessage) => void
): Promise<Extract<SpeedWorkerMessage, { type: T }>> {
	return new Promise((resolve, reject) => {
		const fn = (ev: MessageEvent) => {
			if (!isSpeedMessage(ev.data)) return;
			onMsg?.(ev.data);
			if (ev.data.type === 'speed:failed') {
				w.removeEventListener('message', fn);
				reject(new Error(ev.data.error));
			} else if (ev.data.type === type) {
				w.removeEventListener('message', fn);
				resolve(ev.data as Extract<SpeedWorkerMessage, { type: T }>);
			}
		};
		w.addEventListener('message', fn);
	});
}

const sec = (t0: number) => (performance.now() - t0) / 1000;

/** An earlier call's one-at-a-time answers (bench/gpu splits the batch phase over two device calls). */
async function loadBaseline(url: string): Promise<{ digests: AnswerDigest[]; texts: string[] }> {
	const r = await fetch(url);
	if (!r.ok) throw new Error(`the baseline ${url} answered HTTP ${r.status}`);
	const v = (await r.json()) as { digests?: unknown; texts?: unknown };
	if (!Array.isArray(v.digests) || !Array.isArray(v.texts) || !v.texts.every((t) => typeof t === 'string'))
		throw new Error(`the baseline ${url} is not a batch-phase baseline`);
	return { digests: v.digests as AnswerDigest[], texts: v.texts as string[] };
}

export async function runSpeedCheck(p: SpeedParams, hooks: RunHooks = {}, gpuIn?: WebGpuStatus): Promise<SpeedResult> {
	const t0 = performance.now();
	const status = (s: string) => hooks.onStatus?.(s);
	const result: SpeedResult = {
		ok: false, provenance: null, selfCheck: null, rows: [], network: null, prediction: null,
		timings: { provisionS: 0, loadS: 0, selfCheckS: 0, measureS: 0, totalS: 0 }
	};
	let worker: Worker | null = null;
	let engine: WebLlmEngine | null = null;
	let baseUrl: string | null = null;
	try {
		const gpu = gpuIn ?? (await probeWebGpu());
		if (!gpu.available) throw new Error(`WebGPU is not available: ${gpu.reason}`);
		const weightsUrl = new URL(`/__speed-synthetic__/${p.model}-s${p.seed}`, location.href).href;
		const libUrl = p.lib ? new URL(p.lib, location.href).href : null;
		if (p.model === 'custom' && !libUrl) throw new Error('model=custom needs lib=<model library URL>');
		const known = p.model === 'custom' ? null : selectModel({ model: p.model, quant: p.quant, libUrl, weightsUrl, seed: p.seed }, gpu);
		const lib = known ? known.spec.record.model_lib : libUrl!;
		baseUrl = resolvedModelUrl(weightsUrl);
		status(`fetching the model library ${lib}`);
		const res = await fetch(lib);
		if (!res.ok) throw new Error(`fetching the model library failed: HTTP ${res.status} for ${lib}`);
		const libBytes = await res.arrayBuffer();
		const meta = parseLibraryMeta(new Uint8Array(libBytes));
		const sel =
			known ??
			selectCustom({ quantization: meta.quantization, modelType: meta.modelType, libUrl: lib, weightsUrl, seed: p.seed, maxContext: windowFor(p) }, gpu);
		if (meta.quantization !== sel.quantization)
			throw new Error(`the library is ${meta.quantization}, the record chosen for this adapter is ${sel.quantization} (${sel.reason})`);
		const contextWindow = windowFor(p);

		let tp = performance.now();
		await deleteSynthetic(baseUrl); // a run that died half-way may have left some behind
		const pool = createShardPool(poolSize(navigator.hardwareConcurrency));
		const prov = await provisionSynthetic(meta, {
			baseUrl, vocabSize: p.vocabSize, contextWindow, seed: p.seed, webllm: WORKERS[p.worker], writeShard: pool.write,
			onProgress: (d, t) => status(`writing synthetic weights into IndexedDB: ${formatBytesOf(d, t, { unit: 'MiB', digits: 0 })}`)
		}).finally(() => pool.close());
		// Where web-llm looks first, so the worker does not download the library a second time.
		await putLibrary(lib, libBytes);
		result.timings.provisionS = sec(tp);
		result.provenance = {
			label: LABEL, schemaVersion: SCHEMA_VERSION, date: new Date().toISOString(), modelId: sel.spec.id,
			quantization: meta.quantization, quantizationReason: sel.reason,
			library: { url: lib, sha256: await sha256HexOfBytes(libBytes), bytes: libBytes.byteLength },
			webllmVersion: WORKERS[p.worker], worker: p.worker === '0279' ? 'speed-0279.worker (web-llm 0.2.79 twin)' : 'speed.worker (web-llm 0.2.86)',
			adapter: { vendor: gpu.vendor, architecture: gpu.architecture, description: gpu.description, shaderF16: gpu.shaderF16, isFallbackAdapter: gpu.isFallbackAdapter },
			userAgent: navigator.userAgent, contextWindow, vocabSize: prov.vocabSize, seed: p.seed, weightsBytes: prov.weightsBytes
		};

		status(`loading through the WebLLM engine (web-llm ${WORKERS[p.worker]})`);
		tp = performance.now();
		worker = startSpeedWorker(p.worker);
		// The generated vocabulary reads no English: the self-checks (reuse, and the batch paths' on first use) get its words.
		const w = (k: number, n: number) => idsToText(seededIds(n, 1000 + k, prov.vocabSize));
		const checkPrompt = { prefix: w(1, p.checkPrefix), questions: [' ' + w(2, p.checkQuestion), ' ' + w(3, p.checkQuestion)] as [string, string] };
		engine = createWebLlmEngine(worker, { reuse: 'off', storage: null, checkPrompt });
		const loaded = await engine.load(sel.spec, {
			contextWindow,
			onProgress: (pr) => status(`loading: ${pr.phase} ${(pr.fraction * 100).toFixed(0)} %`)
		});
		result.timings.loadS = sec(tp);
		if (loaded.missingInternals.length) throw new Error(`the engine's token path is unavailable: ${loaded.missingInternals.join(', ')}`);

		status('reuse self-check');
		tp = performance.now();
		const sc = await engine.selfCheck(checkPrompt);
		result.timings.selfCheckS = sec(tp);
		if (sc)
			result.selfCheck = {
				path: sc.path, contextSignal: sc.contextSignal, kvRestored: sc.kvRestored, reason: sc.reason,
				maxAbsDiff: Object.fromEntries(Object.entries(sc.maxAbsDiff).filter(([, v]) => typeof v === 'number')) as Record<string, number>
			};

		if (p.lengths.length) {
			status(`measuring at ${p.lengths.join(', ')} tokens`);
			tp = performance.now();
			const req: MeasureRequest = {
				type: 'speed:measure', modelId: sel.spec.id, contextWindow, lengths: p.lengths, decodeSteps: p.decodeSteps,
				questionTokens: p.questionTokens, vocabSize: prov.vocabSize, seed: p.seed
			};
			const done = waitFor(worker, 'speed:done', (m) => {
				if (m.type === 'speed:row') {
					result.rows.push(m.row);
					hooks.onRow?.(m.row);
					status(`measured ${m.row.n} tokens`);
				}
			});
			worker.postMessage(req);
			result.rows = (await done).rows;
			result.timings.measureS = sec(tp);
		}

		if (p.batch.questions > 0) {
			// Through the engine's own paths: generate (prefix reuse, as verified above) and generateBatch.
			await engine.setReuse('auto');
			const b = p.batch;
			const baseline = p.batchBaseline ? await loadBaseline(p.batchBaseline) : null;
			const { texts, ...phase } = await runBatchPhase(engine, { ...b, vocabSize: prov.vocabSize, seed: p.seed }, { onStatus: status, baseline });
			// Handed on for a later call's drafts and identity check; kept out of the result (synthetic text is never shown).
			if (p.batchSave && texts && phase.baseline && !baseline)
				await fetch(p.batchSave, { method: 'POST', body: JSON.stringify({ schemaVersion: 1, params: phase.params, digests: phase.baseline, texts }) });
			result.batch = { ...phase, run: oneAtATimeCheck(result.rows, phase.params, phase.runs) };
		}

		const asked = waitFor(worker, 'speed:resources');
		worker.postMessage({ type: 'speed:resources' });
		const urls = [...(await asked).urls, ...performance.getEntriesByType('resource').map((e) => e.name)];
		result.network = {
			modelRequests: urls.filter((u) => u.startsWith(baseUrl!)).length,
			libraryRequests: urls.filter((u) => u === lib).length,
			recordsLeft: -1
		};
		if (result.rows.length) {
			result.prediction = predictRun(result.rows, VAL_PLAN);
			const fastest = result.batch?.runs.filter((r) => r.mode !== 'single' && r.path.startsWith('batch:')).sort((a, b) => a.perQuestionS - b.perQuestionS)[0];
			// The batched path's saving on the planned run, from the measured batch without drafts (drafts depend on
			// how often the model's answer is the gold: not a property of the device).
			const none = result.batch?.runs.find((r) => r.mode === 'none' && r.path.startsWith('batch:')) ?? fastest;
			if (none) result.prediction.paths.push(predictBatched(result.rows, VAL_PLAN, { contextTokens: result.batch!.params.contextTokens, perQuestionS: none.perQuestionS }));
		}
		result.ok = true;
	} catch (e) {
		result.error = e instanceof Error ? e.message : String(e);
	} finally {
		status('unloading and deleting the synthetic weights');
		await engine?.unload().catch(() => undefined);
		worker?.terminate();
		if (baseUrl) {
			await deleteSynthetic(baseUrl).catch(() => undefined);
			const left = await countSynthetic(baseUrl).catch(() => -1);
			if (result.network) result.network.recordsLeft = left;
			else result.network = { modelRequests: -1, libraryRequests: -1, recordsLeft: left };
			if (left !== 0 && result.ok) {
				result.ok = false;
				result.error = `${left} synthetic records were left in IndexedDB`;
			}
		}
		result.timings.totalS = sec(t0);
		status(result.ok ? 'done' : `failed: ${result.error}`);
	}
	return result;
}
