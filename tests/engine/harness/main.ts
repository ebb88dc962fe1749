// The page side of the real-engine check: the project's WebLLM engine (createWebLlmEngine) over the twin worker
// (web-llm 0.2.79), driven step by step by tests/engine/run.ts through Playwright. Every step returns plain data
// (errors as { kind, message }) so the runner asserts on real values.
import { createWebLlmEngine, type WebLlmEngine } from '$lib/engines/webllm/client';
import { EngineError } from '$lib/engines/engine';
import { NO_BOS } from '$lib/engines/webllm/prompt';
import type { ModelSpec } from '$lib/engines/webllm/models';
import type { SelfCheckPrompt, SelfCheckReport } from '$lib/engines/webllm/kv/self-check';
import { idbUsage } from './idb-bytes';
import { cachedModels, deleteCachedModel } from './manager';

export interface HarnessModel {
	id: string;
	/** The record's `model` URL (the host's folder URL). */
	model: string;
	lib: string;
	contextWindow: number;
}

export type Outcome<T> =
	| { ok: true; value: T; ms: number }
	| { ok: false; error: { kind: string; message: string; detail?: string }; ms: number };

let worker: Worker | null = null;
let engine: WebLlmEngine | null = null;

function ensureEngine(): WebLlmEngine {
	if (!engine) {
		worker = new Worker(new URL('../webllm-0279.worker.ts', import.meta.url), { type: 'module' });
		// Reuse 'off' at load: the check runs the self-check itself, with a prompt this tokenizer can read.
		engine = createWebLlmEngine(worker, { reuse: 'off' });
	}
	return engine;
}

async function outcome<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
	const t0 = performance.now();
	try {
		return { ok: true, value: await fn(), ms: performance.now() - t0 };
	} catch (e) {
		const err = e instanceof EngineError ? { kind: e.kind, message: e.message, detail: e.detail } : { kind: 'thrown', message: String(e) };
		return { ok: false, error: err, ms: performance.now() - t0 };
	}
}

export function specFor(m: HarnessModel): ModelSpec {
	return {
		id: m.id,
		label: `synthetic ${m.id}`,
		quantization: 'q4f32_1',
		record: { model: m.model, model_id: m.id, model_lib: m.lib },
		maxContext: m.contextWindow,
		defaultContext: m.contextWindow,
		bos: NO_BOS,
		arch: null,
		weightsBytes: null,
		userWeights: true
	};
}

/** One test-only message to the twin worker and its answer `{ type: answer, ok, [field], detail }`. */
function workerRequest<T>(msg: object, answer: string, field: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		if (!worker) return reject(new Error('no worker: load a model first'));
		const w = worker;
		const on = (ev: MessageEvent) => {
			const d = ev.data as Record<string, unknown> | null;
			if (d?.type !== answer) return;
			w.removeEventListener('message', on);
			if (d.ok) resolve(d[field] as T);
			else reject(new Error(String(d.detail)));
		};
		w.addEventListener('message', on);
		w.postMessage(msg);
	});
}

const harness = {
	async adapter() {
		const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
		const a = await gpu?.requestAdapter();
		return a ? { vendor: a.info?.vendor ?? '', architecture: a.info?.architecture ?? '', description: a.info?.description ?? '' } : null;
	},
	load: (m: HarnessModel) =>
		outcome(async () => {
			const phases: string[] = [];
			const r = await ensureEngine().load(specFor(m), {
				contextWindow: m.contextWindow,
				onProgress: (p) => {
					if (phases.at(-1) !== p.phase) phases.push(p.phase);
				}
			});
			return { ...r, phases };
		}),
	/**
	 * The engine's reuse self-check with this check's prompt: through the client when its selfCheck takes a prompt,
	 * else through the twin worker's hook, which runs the same runSelfCheck over the same internals bridge.
	 */
	selfCheck: (prompt: SelfCheckPrompt) =>
		outcome(async (): Promise<{ via: 'client' | 'worker-hook'; report: SelfCheckReport | null }> => {
			const e = ensureEngine();
			const withPrompt = e.selfCheck as (p?: SelfCheckPrompt) => Promise<SelfCheckReport | null>;
			if (withPrompt.length >= 1) return { via: 'client', report: await withPrompt.call(e, prompt) };
			return { via: 'worker-hook', report: await workerRequest<SelfCheckReport>({ type: 'test:self-check', prompt }, 'test:self-check-report', 'report') };
		}),
	setReuse: (r: 'auto' | 'off') => outcome(() => ensureEngine().setReuse(r)),
	generate: (prompt: string, maxTokens: number, prefix?: string) =>
		outcome(async () => {
			const g = await ensureEngine().generate({ prompt, prefix, maxTokens });
			return g;
		}),
	info: () => ensureEngine().info,
	unload: () => outcome(() => ensureEngine().unload()),
	destroyDevice: () => outcome(() => workerRequest<string>({ type: 'test:destroy-device' }, 'test:device-destroyed', 'detail')),
	idbUsage: (urlPrefix: string) => idbUsage(urlPrefix),
	cachedModels: () => outcome(() => cachedModels()),
	deleteCachedModel: (m: HarnessModel) => outcome(() => deleteCachedModel(specFor(m)))
};

export type Harness = typeof harness;
(window as unknown as { harness: Harness }).harness = harness;
document.title = 'ready';
