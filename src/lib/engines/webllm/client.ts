// The page side of the WebLLM engine: an `Engine` over a Worker running serveWebLlmWorker, plus load with progress,
// cancel, self-check, unload and the reuse setting. The page never imports web-llm.
import { EngineError, type BatchGenerateRequest, type BatchOutcome, type Engine, type GenerateRequest } from '$lib/engines/engine';
import type { EngineCapabilities, EngineInfo, Generation } from '$lib/types';
import { toEngineError } from './errors';
import type { LoadProgress } from './progress';
import type { SelfCheckPrompt, SelfCheckReport } from './kv/self-check';
import type { ModelSpec } from './models';
import { recordForLoad } from './models';
import type { StorageManagerLike } from '$lib/util/storage-estimate';
import { prepareDownload } from './storage';
import { isBatchRunResult, isGenerateResult, isLoadResult, isSelfCheckReport, parseResponse, type LoadResult, type Request, type Response } from './protocol';
import type { BatchItemResult, BatchRunResult } from './batch/worker-batch';

/** What a Worker offers that we use; a real Worker fits, and so does an in-page stand-in. */
export interface WorkerLike {
	postMessage(msg: unknown): void;
	addEventListener(type: 'message', fn: (ev: MessageEvent) => void): void;
	addEventListener(type: 'error', fn: (ev: ErrorEvent) => void): void;
	terminate?(): void;
}

export interface WebLlmEngineOptions {
	/** Turn shared-prefix reuse off (full prefill per question), e.g. to compare timings. */
	reuse?: 'auto' | 'off';
	/** Where to ask for persistent storage before a large download (default navigator.storage; null: never). */
	storage?: StorageManagerLike | null;
	/** The reuse self-check's prompt (default: a short English one; a generated vocabulary needs its own words). */
	checkPrompt?: SelfCheckPrompt;
}

export interface LoadOptions {
	contextWindow?: number;
	onProgress?: (p: LoadProgress) => void;
	signal?: AbortSignal;
}

export interface WebLlmEngine extends Engine {
	load(spec: ModelSpec, opts?: LoadOptions): Promise<LoadResult>;
	generateBatch(req: BatchGenerateRequest): Promise<BatchOutcome>;
	/** Measure again which reuse path is exact here; `prompt` replaces the load-time check prompt for this run. */
	selfCheck(prompt?: SelfCheckPrompt): Promise<SelfCheckReport | null>;
	setReuse(reuse: 'auto' | 'off'): Promise<void>;
	unload(): Promise<void>;
	/** Load the last model again (after a device loss): same record, same window. */
	reload(opts?: Omit<LoadOptions, 'contextWindow'>): Promise<LoadResult>;
	readonly loaded: LoadResult | null;
}

type Pending = {
	resolve: (v: unknown) => void;
	reject: (e: EngineError) => void;
	onText?: (d: string) => void;
	onProgress?: (p: LoadProgress) => void;
	onItem?: (index: number, r: BatchItemResult) => void;
};
type NoId<T> = T extends unknown ? Omit<T, 'id'> : never;

export function createWebLlmEngine(worker: WorkerLike, opts: WebLlmEngineOptions = {}): WebLlmEngine {
	let nextId = 1;
	const pending = new Map<number, Pending>();
	let spec: ModelSpec | null = null;
	let loaded: LoadResult | null = null;
	let reuse = opts.reuse ?? 'auto';
	let last: { spec: ModelSpec; contextWindow: number } | null = null;

	worker.addEventListener('message', (ev: MessageEvent) => {
		const msg: Response | null = parseResponse(ev.data);
		if (!msg) return;
		const p = pending.get(msg.id);
		if (!p) return;
		if (msg.type === 'progress') p.onProgress?.(msg.progress);
		else if (msg.type === 'text') p.onText?.(msg.delta);
		else if (msg.type === 'item') p.onItem?.(msg.index, msg.value);
		else {
			pending.delete(msg.id);
			if (msg.type === 'result') p.resolve(msg.value);
			else p.reject(new EngineError(msg.error.kind, msg.error.message, msg.error.detail));
		}
	});
	worker.addEventListener('error', (ev: ErrorEvent) => {
		// A worker that failed to start or crashed answers nothing more: fail everything waiting.
		const err = toEngineError(ev.message || 'the WebLLM worker failed');
		for (const p of pending.values()) p.reject(err);
		pending.clear();
	});

	function send(msg: NoId<Request>, hooks: Omit<Pending, 'resolve' | 'reject'> = {}): { id: number; done: Promise<unknown> } {
		const id = nextId++;
		const done = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject, ...hooks }));
		worker.postMessage({ ...msg, id });
		return { id, done };
	}

	const engine: WebLlmEngine = {
		get info(): EngineInfo {
			return {
				kind: 'webllm',
				modelId: spec?.id ?? '',
				label: spec?.label ?? 'WebLLM (no model)',
				quantization: spec?.quantization,
				contextWindow: loaded?.contextWindow,
				details: {
					reusePath: loaded?.reusePath ?? null,
					reuse,
					selfCheckMaxDiffChunk: loaded?.selfCheck?.maxAbsDiff.chunk ?? null,
					selfCheckMaxDiffDecodeSteps: loaded?.selfCheck?.maxAbsDiff['decode-steps'] ?? null,
					selfCheckContextSignal: loaded?.selfCheck?.contextSignal ?? null,
					tokenPath: loaded ? loaded.missingInternals.length === 0 : null
				}
			};
		},
		get capabilities(): EngineCapabilities {
			return {
				maxContext: loaded?.contextWindow ?? 0,
				prefixReuse: reuse === 'auto' && (loaded?.reusePath ?? 'none') !== 'none',
				exactTokens: true
			};
		},
		get loaded() {
			return loaded;
		},

		async load(s, o = {}) {
			// Only a successful load is remembered: a failed one leaves nothing cached, so retrying works.
			spec = null;
			loaded = null;
			const contextWindow = o.contextWindow ?? s.defaultContext;
			last = { spec: s, contextWindow };
			// Ask before the download, not after: eviction of a half-written multi-GB cache is the costly case.
			if (opts.storage !== null && s.weightsBytes) await prepareDownload(s.weightsBytes, opts.storage).catch(() => undefined);
			const { done } = send(
				{
					type: 'load',
					spec: { record: recordForLoad(s, contextWindow), contextWindow, bos: s.bos, reuse, ...(opts.checkPrompt ? { checkPrompt: opts.checkPrompt } : {}) }
				},
				{ onProgress: o.onProgress }
			);
			const cancel = () => void send({ type: 'unload' }).done.catch(() => undefined);
			o.signal?.addEventListener('abort', cancel, { once: true });
			try {
				const v = await done;
				if (!isLoadResult(v)) throw new EngineError('bad-response', 'The WebLLM worker answered a load with an unexpected shape.');
				spec = s;
				loaded = v;
				return v;
			} finally {
				o.signal?.removeEventListener('abort', cancel);
			}
		},

		async generate(req: GenerateRequest): Promise<Generation> {
			if (!loaded) throw new EngineError('unsupported', 'Load a model first.');
			if (req.signal?.aborted) throw new EngineError('aborted', 'Stopped.');
			const { id, done } = send(
				{ type: 'generate', req: { prompt: req.prompt, prefix: req.prefix, maxTokens: req.maxTokens, stop: req.stop } },
				{ onText: req.onText }
			);
			const abort = () => void send({ type: 'abort', target: id }).done.catch(() => undefined);
			req.signal?.addEventListener('abort', abort, { once: true });
			const t0 = performance.now();
			try {
				const v = await done;
				if (!isGenerateResult(v)) throw new EngineError('bad-response', 'The WebLLM worker answered with an unexpected shape.');
				return {
					text: v.text,
					usage: { promptTokens: v.promptTokens, completionTokens: v.completionTokens },
					timings: {
						ttftMs: v.prefillMs,
						prefillTokensPerS: v.prefillMs > 0 ? v.prefilledTokens / (v.prefillMs / 1000) : null,
						decodeTokensPerS: v.decodeMs > 0 && v.completionTokens > 1 ? (v.completionTokens - 1) / (v.decodeMs / 1000) : null,
						totalMs: performance.now() - t0
					},
					finishReason: v.finishReason,
					path: v.path
				};
			} finally {
				req.signal?.removeEventListener('abort', abort);
			}
		},

		async generateBatch(req: BatchGenerateRequest): Promise<BatchOutcome> {
			if (!loaded) throw new EngineError('unsupported', 'Load a model first.');
			if (req.signal?.aborted) throw new EngineError('aborted', 'Stopped.');
			const t0 = performance.now();
			let last = t0;
			const { id, done } = send(
				{
					type: 'answerBatch',
					req: {
						prefix: req.prefix, drafts: req.drafts ?? true, questionPath: 'auto', ...(req.maxB ? { maxB: req.maxB } : {}),
						items: req.items.map((i) => ({ prompt: i.prompt, maxTokens: i.maxTokens, ...(i.stop ? { stop: i.stop } : {}), ...(i.expected !== undefined ? { expected: i.expected } : {}) }))
					}
				},
				{
					onItem: (index, r) => {
						const now = performance.now();
						// Answers of a batch finish together: each one's share is the time since the previous one.
						const ms = now - last;
						last = now;
						req.onItem(index, {
							text: r.text,
							usage: { promptTokens: r.promptTokens, completionTokens: r.completionTokens },
							timings: { ttftMs: ms, prefillTokensPerS: null, decodeTokensPerS: null, totalMs: ms },
							finishReason: r.finishReason,
							path: r.path,
							draftFed: r.draftFed,
							draftAccepted: r.draftAccepted
						});
					}
				}
			);
			const abort = () => void send({ type: 'abort', target: id }).done.catch(() => undefined);
			req.signal?.addEventListener('abort', abort, { once: true });
			try {
				const v = await done;
				if (!isBatchRunResult(v)) throw new EngineError('bad-response', 'The WebLLM worker answered a batch with an unexpected shape.');
				return { path: v.path, fallback: v.fallback, B: v.B, details: batchDetails(v) };
			} finally {
				req.signal?.removeEventListener('abort', abort);
			}
		},

		async reload(o = {}) {
			if (!last) throw new EngineError('unsupported', 'No model was loaded before.');
			return engine.load(last.spec, { ...o, contextWindow: last.contextWindow });
		},
		async selfCheck(prompt?: SelfCheckPrompt) {
			const raw = await send(prompt ? { type: 'selfCheck', prompt } : { type: 'selfCheck' }).done;
			const v = isSelfCheckReport(raw) ? raw : null;
			if (loaded && v) loaded = { ...loaded, selfCheck: v, reusePath: v.path };
			return v;
		},
		async setReuse(r) {
			reuse = r;
			const raw = await send({ type: 'setReuse', reuse: r }).done;
			const v = isSelfCheckReport(raw) ? raw : null;
			if (loaded && v) loaded = { ...loaded, selfCheck: v, reusePath: v.path };
		},
		async unload() {
			await send({ type: 'unload' }).done;
			spec = null;
			loaded = null;
		},
		async dispose() {
			await engine.unload().catch(() => undefined);
			worker.terminate?.();
		}
	};
	return engine;
}

/** A batch's facts, flat, for a run's provenance. */
export function batchDetails(v: BatchRunResult): Record<string, string | number | boolean | null> {
	const sc = v.selfCheck;
	return {
		batchPath: v.path,
		batchFallback: v.fallback,
		batchB: v.B,
		batchLimitedBy: v.limitedBy,
		batchContextTokens: v.contextTokens,
		batchPrefillMs: Math.round(v.prefillMs),
		batchMs: Math.round(v.totalMs),
		batchVerifyForwards: v.stats?.verifyForwards ?? null,
		batchDecodeForwards: v.stats?.decodeForwards ?? null,
		batchVerifiedTokens: v.stats?.verifiedTokens ?? null,
		batchDecodedTokens: v.stats?.decodedTokens ?? null,
		batchPoppedTokens: v.stats?.poppedTokens ?? null,
		batchCheckQuestionPath: sc?.questionPath ?? null,
		batchCheckDecodeDiff: sc?.decode?.maxAbsDiff ?? null,
		batchCheckVerifyDiff: sc?.verify?.maxAbsDiff ?? null,
		batchCheckBound: sc?.bound ?? null,
		batchCheckContextSignal: sc?.contextSignal ?? null,
		batchCheckPopRestored: sc?.popRestored ?? null,
		batchCheckReason: sc?.reason ?? null
	};
}
