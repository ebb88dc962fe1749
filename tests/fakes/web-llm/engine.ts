// A fake MLCEngine mirroring the pinned versions' shape: private maps reachable at run time, a per-model lock,
// reload with progress reports, the public raw-completion path (no BOS added), and injectable failures.
import type {
	AppConfigLike,
	ChatOptionsLike,
	CompletionParamsLike,
	EngineConfigLike,
	InitProgressLike,
	LogitProcessorLike,
	WebLlmModule
} from '$lib/engines/webllm/module';
import { FakePipeline, type FakeBehaviour } from './pipeline';
import { deleteModel, hasModel, readForLoad } from './idb-cache';
import { EOS } from './tokenizer';

class CustomLock {
	acquired = false;
	private queue: (() => void)[] = [];
	async acquire(): Promise<void> {
		if (!this.acquired) {
			this.acquired = true;
			return;
		}
		return new Promise((r) => this.queue.push(r));
	}
	async release(): Promise<void> {
		if (!this.acquired) throw Error('InternalError: expect lock is acquired upon release()');
		const next = this.queue.shift();
		if (next) next();
		else this.acquired = false;
	}
}

export interface FakeOptions extends FakeBehaviour {
	/** Strip the internals (a future web-llm that renamed them): reuse must fall back. */
	noInternals?: boolean;
	/** The error reload throws, as web-llm would (its name crosses the worker as text). */
	loadError?: { name: string; message: string };
	/** Shards the fake "downloads" during reload. */
	shards?: number;
	/** Milliseconds per shard, so a test can cancel mid-download. */
	shardDelayMs?: number;
	cached?: Set<string>;
	/**
	 * Cache in this IndexedDB as web-llm 0.2.86 does: reload reads the model from it (nothing is fetchable), and
	 * hasModelInCache / deleteModelAllInfoInCache look there. Without it, `cached` is a set of loaded model ids.
	 */
	idb?: IDBFactory;
}

export function makeFakeWebLlm(opts: FakeOptions = {}): WebLlmModule & { engines: FakeMLCEngine[] } {
	const engines: FakeMLCEngine[] = [];
	const cached = opts.cached ?? new Set<string>();

	class FakeMLCEngine {
		private store = new Map<string, FakePipeline>();
		private loadedModelIdToPipeline?: Map<string, FakePipeline>;
		private loadedModelIdToLock = new Map<string, CustomLock>();
		private appConfig?: AppConfigLike;
		private progress?: (r: InitProgressLike) => void;
		private registry?: Map<string, LogitProcessorLike>;
		private reloadAbort?: AbortController;
		completionCalls = 0;

		constructor(cfg?: EngineConfigLike) {
			this.appConfig = cfg?.appConfig;
			this.progress = cfg?.initProgressCallback;
			this.registry = cfg?.logitProcessorRegistry;
			engines.push(this);
			// Without internals the pipelines live under another name, as after a rename upstream.
			if (!opts.noInternals) this.loadedModelIdToPipeline = this.store;
		}
		setInitProgressCallback(cb?: (r: InitProgressLike) => void): void {
			this.progress = cb;
		}
		get pipelines(): Map<string, FakePipeline> {
			return this.store;
		}

		async reload(modelId: string, chatOpts?: ChatOptionsLike): Promise<void> {
			const record = this.appConfig?.model_list.find((m) => m.model_id === modelId);
			if (!record) throw Object.assign(new Error(`Cannot find model record in appConfig for ${modelId}`), { name: 'ModelNotFoundError' });
			if (opts.idb) await readForLoad(opts.idb, record.model, record.model_lib);
			this.reloadAbort = new AbortController();
			const signal = this.reloadAbort.signal;
			const n = opts.shards ?? 3;
			this.progress?.({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' });
			for (let i = 1; i <= n; i++) {
				if (opts.shardDelayMs) await new Promise((r) => setTimeout(r, opts.shardDelayMs));
				if (signal.aborted) throw Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' });
				const mb = i * 32;
				this.progress?.({
					progress: i / n,
					timeElapsed: i,
					text: `Fetching param cache[${i}/${n}]: ${mb}MB fetched. ${Math.floor((i * 100) / n)}% completed, ${i} secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.`
				});
			}
			if (opts.loadError) throw Object.assign(new Error(opts.loadError.message), { name: opts.loadError.name });
			cached.add(modelId);
			const pipe = new FakePipeline(
				{
					contextWindow: chatOpts?.context_window_size ?? 4096,
					slidingWindow: chatOpts?.sliding_window_size ?? -1
				},
				opts,
				this.registry?.get(modelId)
			);
			this.store.set(modelId, pipe);
			this.loadedModelIdToLock.set(modelId, new CustomLock());
			// Like web-llm: a lost device unloads the pipeline (its tokenizer is freed with it).
			void pipe.tvm.lib.webGPUContext.device.lost.then(() => this.unload());
			this.progress?.({ progress: 1, timeElapsed: n, text: 'Finish loading on WebGPU - fake' });
		}
		async unload(): Promise<void> {
			this.reloadAbort?.abort();
			this.store.clear();
			this.loadedModelIdToLock.clear();
		}
		interruptGenerate(): void {}
		private pipe(modelId?: string): FakePipeline {
			const p = modelId ? this.pipelines.get(modelId) : [...this.pipelines.values()][0];
			if (!p) throw Object.assign(new Error('Model not loaded'), { name: 'ModelNotLoadedError' });
			return p;
		}
		async resetChat(_keep?: boolean, modelId?: string): Promise<void> {
			this.pipe(modelId).resetChat();
		}
		async forwardTokensAndSample(ids: number[], isPrefill: boolean, modelId?: string): Promise<number> {
			return this.pipe(modelId).forwardTokensAndSample(ids, isPrefill);
		}
		/** Raw completion: tokenize the prompt as given (no BOS), prefill it all, decode greedily. */
		async completion(req: CompletionParamsLike): Promise<unknown> {
			this.completionCalls++;
			const modelId = req.model ?? undefined;
			const pipe = this.pipe(modelId);
			const lock = this.loadedModelIdToLock.get(modelId ?? [...this.pipelines.keys()][0])!;
			await lock.acquire();
			try {
				pipe.resetChat();
				const ids = Array.from(pipe.tokenizer.encode(req.prompt));
				if (ids.length >= pipe.contextWindowSize)
					throw Object.assign(new Error(`Prompt tokens exceed context window size: number of prompt tokens: ${ids.length}; context window size: ${pipe.contextWindowSize}`), { name: 'ContextWindowSizeExceededError' });
				let tok = await pipe.forwardTokensAndSample(ids, true);
				const out: number[] = [];
				let finish = 'length';
				const max = req.max_tokens ?? 16;
				const stops = typeof req.stop === 'string' ? [req.stop] : (req.stop ?? []);
				let text = '';
				while (out.length < max) {
					if (tok === EOS) {
						finish = 'stop';
						break;
					}
					out.push(tok);
					text = pipe.tokenizer.decode(Int32Array.from(out));
					const hit = stops.map((s) => text.indexOf(s)).filter((i) => i >= 0);
					if (hit.length) {
						text = text.slice(0, Math.min(...hit));
						finish = 'stop';
						break;
					}
					if (out.length >= max) break;
					tok = await pipe.forwardTokensAndSample([tok], false);
				}
				return {
					id: 'cmpl-fake',
					object: 'text_completion',
					created: 0,
					model: modelId,
					choices: [{ index: 0, text, finish_reason: finish, logprobs: null }],
					usage: { prompt_tokens: ids.length, completion_tokens: out.length, total_tokens: ids.length + out.length, extra: { prefill_tokens_per_s: 100, decode_tokens_per_s: 10, time_to_first_token_s: 0.01 } }
				};
			} finally {
				await lock.release();
			}
		}
	}

	const recordOf = (modelId: string, cfg?: AppConfigLike) => {
		const r = cfg?.model_list.find((m) => m.model_id === modelId);
		if (!r) throw Object.assign(new Error(`Cannot find model record in appConfig for ${modelId}`), { name: 'ModelNotFoundError' });
		return r;
	};

	return {
		MLCEngine: FakeMLCEngine,
		engines,
		async hasModelInCache(modelId: string, cfg?: AppConfigLike) {
			if (opts.idb) return hasModel(opts.idb, recordOf(modelId, cfg).model);
			return cached.has(modelId);
		},
		async deleteModelAllInfoInCache(modelId: string, cfg?: AppConfigLike) {
			if (opts.idb) {
				const r = recordOf(modelId, cfg);
				return deleteModel(opts.idb, r.model, r.model_lib);
			}
			cached.delete(modelId);
		},
		prebuiltAppConfig: { model_list: [] }
	};
}

export type FakeMLCEngine = InstanceType<ReturnType<typeof makeFakeWebLlm>['MLCEngine']> & {
	pipelines: Map<string, FakePipeline>;
	completionCalls: number;
};
