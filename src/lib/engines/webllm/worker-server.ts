// The whole worker-side WebLLM engine: one MLCEngine, typed messages in, typed messages out. Handed the web-llm
// module (0.2.86 in the app, 0.2.79 or a fake in tests), so the same code serves every case.
import type { MlcEngineLike, WebLlmModule } from './module';
import { appConfigFor } from './module';
import { parseRequest, type GenerateResult, type LoadResult, type LoadSpec, type Request, type Response } from './protocol';
import { toEngineError } from './errors';
import { fetchShardBytes, parseProgress } from './progress';
import { resolvedModelUrl } from './models';
import { createLogitTap } from './kv/logit-tap';
import { openRuntime } from './runtime';
import { PrefixSession } from './kv/session';
import { runSelfCheck, type SelfCheckReport } from './kv/self-check';
import type { KvBackend } from './kv/backend';
import { completeOnce } from './completion';
import { deviceLostError, watchDevice, type DeviceWatch } from './device-watch';
import { BatchAnswerer, type BatchRunResult } from './batch/worker-batch';

export interface WorkerScopeLike {
	postMessage(msg: Response): void;
	addEventListener(type: 'message', fn: (ev: { data: unknown }) => void): void;
}

export interface ServeOptions {
	/** Byte total of a weight folder, for download progress (default: fetch its shard list). */
	shardBytes?: (resolvedUrl: string) => Promise<number | null>;
}

interface Loaded {
	engine: MlcEngineLike;
	spec: LoadSpec;
	modelId: string;
	backend: KvBackend | null;
	session: PrefixSession | null;
	selfCheck: SelfCheckReport | null;
	device: DeviceWatch;
	/** Answers many questions of one prefix together; made at load, its KV cache only on first use. */
	batch: BatchAnswerer | null;
}

/** Load-time sampling: greedy and no penalties, so reuse and full prefill decode identically. */
export function neutralChatOptions(contextWindow: number) {
	return {
		context_window_size: contextWindow,
		sliding_window_size: -1,
		temperature: 0,
		top_p: 1,
		repetition_penalty: 1,
		frequency_penalty: 0,
		presence_penalty: 0
	};
}

export function serveWebLlmWorker(webllm: WebLlmModule, scope?: WorkerScopeLike, opts: ServeOptions = {}) {
	const port = scope ?? (globalThis as unknown as WorkerScopeLike);
	const shardBytes = opts.shardBytes ?? ((url: string) => fetchShardBytes(url));
	let loaded: Loaded | null = null;
	let loading: MlcEngineLike | null = null;
	let reuse: 'auto' | 'off' = 'auto';
	const aborts = new Map<number, AbortController>();
	// Model work runs one request at a time; abort and cancel-load bypass the queue.
	let queue: Promise<unknown> = Promise.resolve();
	const post = (m: Response) => port.postMessage(m);

	const reusePath = () => (loaded?.selfCheck && loaded.selfCheck.path !== 'none' ? loaded.selfCheck.path : 'none');

	async function unload(): Promise<void> {
		for (const c of aborts.values()) c.abort();
		const e = loading ?? loaded?.engine;
		try {
			loaded?.batch?.dispose();
		} catch {
			// a lost device may refuse to free: the engine's unload frees everything anyway
		}
		loaded = null;
		loading = null;
		// After a device loss the engine may fail to unload; it is dropped either way.
		if (e) await e.unload().catch(() => undefined);
	}

	async function load(id: number, spec: LoadSpec): Promise<LoadResult> {
		await unload();
		const t0 = performance.now();
		const tap = createLogitTap();
		const modelId = spec.record.model_id;
		const record = { ...spec.record, overrides: { ...spec.record.overrides, ...neutralChatOptions(spec.contextWindow) } };
		let total: number | null = null;
		const engine = new webllm.MLCEngine({
			appConfig: appConfigFor(record),
			initProgressCallback: (r) => post({ type: 'progress', id, progress: parseProgress(r, total) }),
			logitProcessorRegistry: new Map([[modelId, tap]])
		});
		loading = engine;
		const cancelled = async () => {
			if (loading === engine) return false;
			await engine.unload().catch(() => undefined); // a reload that finished after the cancel holds GPU memory
			return true;
		};
		const aborted = () => Object.assign(new Error('Loading was cancelled.'), { name: 'AbortError' });
		total = await shardBytes(resolvedModelUrl(record.model)).catch(() => null);
		if (await cancelled()) throw aborted();
		await engine.reload(modelId, neutralChatOptions(spec.contextWindow));
		if (await cancelled()) throw aborted();
		loading = null;
		const rt = openRuntime(engine, modelId, { addBos: spec.bos.addBos, tap, contextWindow: spec.contextWindow });
		const r = rt.kv;
		const backend = r.ok ? r.backend : null;
		const session = backend ? new PrefixSession(backend) : null;
		const batch = backend && session ? new BatchAnswerer({
			backend, session, runtime: rt.batch, checkPrompt: spec.checkPrompt,
			// The one-at-a-time fallback follows the reuse setting: off, or not verified here, means a full prefill each.
			reusePath: () => (reuse === 'auto' ? reusePath() : 'none')
		}) : null;
		loaded = { engine, spec, modelId, backend, session, selfCheck: null, device: watchDevice(rt), batch };
		reuse = spec.reuse;
		if (backend && reuse === 'auto') loaded.selfCheck = await runSelfCheck(backend, spec.checkPrompt);
		return {
			modelId,
			contextWindow: backend?.contextWindow ?? spec.contextWindow,
			missingInternals: r.ok ? [] : r.missing,
			selfCheck: loaded.selfCheck,
			reusePath: reusePath(),
			loadMs: performance.now() - t0
		};
	}

	async function generate(id: number, req: Extract<Request, { type: 'generate' }>['req']): Promise<GenerateResult> {
		const l = loaded;
		if (!l) throw Object.assign(new Error('No model is loaded.'), { name: 'ModelNotLoadedError' });
		if (l.device.lost) throw deviceLostError(l.device.lost);
		const ctrl = aborts.get(id) ?? new AbortController();
		const t0 = performance.now();
		if (ctrl.signal.aborted)
			return { text: '', finishReason: 'abort', path: 'aborted-before-start', promptTokens: 0, completionTokens: 0, prefillMs: 0, decodeMs: 0, totalMs: 0, prefilledTokens: 0 };
		if (!l.session || !l.backend) {
			const r = await completeOnce(l.engine, l.modelId, req, l.spec.bos, () => ctrl.signal.aborted);
			if (r.text) post({ type: 'text', id, delta: r.text }); // this path does not stream: one delta
			return r;
		}
		const o = { maxTokens: req.maxTokens, stop: req.stop, signal: ctrl.signal, onText: (delta: string) => post({ type: 'text', id, delta }) };
		const path = reusePath();
		const a =
			reuse === 'auto' && path !== 'none' && req.prefix
				? await l.session.withPrefix(req.prompt, req.prefix, path, o)
				: await l.session.fullPrefill(req.prompt, o);
		return {
			text: a.text,
			finishReason: a.finishReason,
			path: a.path,
			promptTokens: a.promptTokens,
			completionTokens: a.ids.length,
			prefillMs: a.prefillMs + a.prefixPrefillMs,
			decodeMs: a.decodeMs,
			totalMs: performance.now() - t0,
			prefilledTokens: a.prefilledTokens
		};
	}

	async function answerBatch(id: number, req: Extract<Request, { type: 'answerBatch' }>['req']): Promise<BatchRunResult> {
		const l = loaded;
		if (!l) throw Object.assign(new Error('No model is loaded.'), { name: 'ModelNotLoadedError' });
		if (l.device.lost) throw deviceLostError(l.device.lost);
		if (!l.batch) throw Object.assign(new Error("This model's token path is unavailable, so questions cannot be batched; answer them one at a time."), { name: 'UnsupportedError' });
		const ctrl = aborts.get(id) ?? new AbortController();
		return l.batch.answer(req, (index, value) => post({ type: 'item', id, index, value }), ctrl.signal);
	}

	async function run(req: Request): Promise<unknown> {
		switch (req.type) {
			case 'load':
				return load(req.id, req.spec);
			case 'generate':
				return generate(req.id, req.req);
			case 'answerBatch':
				return answerBatch(req.id, req.req);
			case 'selfCheck': {
				if (!loaded?.backend) return null;
				loaded.session?.invalidate();
				loaded.selfCheck = await runSelfCheck(loaded.backend, req.prompt ?? loaded.spec.checkPrompt);
				return loaded.selfCheck;
			}
			case 'setReuse':
				reuse = req.reuse;
				// Turning reuse on for a model loaded without it: measure first, never assume.
				if (reuse === 'auto' && loaded?.backend && !loaded.selfCheck) {
					loaded.session?.invalidate();
					loaded.selfCheck = await runSelfCheck(loaded.backend, loaded.spec.checkPrompt);
				}
				return loaded?.selfCheck ?? null;
			case 'cacheHas':
				return webllm.hasModelInCache(req.record.model_id, appConfigFor(req.record));
			case 'cacheDelete':
				await webllm.deleteModelAllInfoInCache(req.record.model_id, appConfigFor(req.record));
				return true;
			default:
				return null;
		}
	}

	/** Handle one message; resolves when its answer was posted (Node tests await it). */
	async function handle(data: unknown): Promise<void> {
		const req = parseRequest(data);
		if (!req) {
			const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : -1;
			post({ type: 'error', id, error: { kind: 'bad-response', message: 'The WebLLM worker received a malformed message.' } });
			return;
		}
		if (req.type === 'abort') {
			aborts.get(req.target)?.abort();
			if (!loaded?.backend) await loaded?.engine.interruptGenerate();
			post({ type: 'result', id: req.id, value: true });
			return;
		}
		const immediate = req.type === 'unload';
		if (req.type === 'generate' || req.type === 'answerBatch') aborts.set(req.id, new AbortController());
		const work = immediate ? unload().then(() => true) : (queue = queue.catch(() => undefined).then(() => run(req)));
		try {
			post({ type: 'result', id: req.id, value: await work });
		} catch (e) {
			// A request that failed because the device went away says so, whatever web-llm's own error was.
			const lost = req.type !== 'load' ? loaded?.device.lost : null;
			const err = toEngineError(lost ? deviceLostError(lost) : e);
			post({ type: 'error', id: req.id, error: { kind: err.kind, message: err.message, detail: err.detail } });
			// A failed request may leave the KV cache anywhere: the next question starts from resetChat().
			loaded?.session?.invalidate();
		} finally {
			aborts.delete(req.id);
		}
	}

	port.addEventListener('message', (ev) => void handle(ev.data));
	return { handle };
}
