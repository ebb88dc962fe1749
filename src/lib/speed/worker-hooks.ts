// The speed check's worker: the project's WebLLM worker engine (serveWebLlmWorker) plus one primitive the engine's
// protocol does not have — "time prefill / decode / pop at these lengths" — run over the engine's own KV backend
// (the web-llm boundary's openRuntime), holding the model lock. The engine itself is unchanged: engines are captured
// by subclassing MLCEngine, as the real-engine check's twin worker does.
import { serveWebLlmWorker } from '$lib/engines/webllm/worker-server';
import { isModelLoaded, openRuntime } from '$lib/engines/webllm/runtime';
import type { MlcEngineLike, WebLlmModule } from '$lib/engines/webllm/module';
import { measureLadder, validateLadder } from './measure';
import { isMeasureRequest, type SpeedWorkerMessage } from './worker-protocol';

interface Scope {
	postMessage(m: unknown): void;
	addEventListener(t: 'message', fn: (ev: { data: unknown }) => void): void;
}

export function serveSpeedWorker(webllm: WebLlmModule, scope: Scope = globalThis as unknown as Scope): void {
	const engines: MlcEngineLike[] = [];
	const Base = webllm.MLCEngine;
	class Captured extends Base {
		constructor(...args: ConstructorParameters<typeof Base>) {
			super(...args);
			engines.push(this);
		}
	}
	// shardBytes → null: the engine would otherwise fetch tensor-cache.json from the model URL for its progress bar,
	// and the synthetic folder exists only in IndexedDB: nothing under the model URL may be requested.
	serveWebLlmWorker({ ...webllm, MLCEngine: Captured }, scope as never, { shardBytes: async () => null });
	const post = (m: SpeedWorkerMessage) => scope.postMessage(m);

	scope.addEventListener('message', (ev) => {
		const d = ev.data as { type?: unknown } | null;
		if (d?.type === 'speed:resources') {
			const urls = typeof performance !== 'undefined' ? performance.getEntriesByType('resource').map((e) => e.name) : [];
			return post({ type: 'speed:resources', urls });
		}
		if (d?.type !== 'speed:measure') return;
		if (!isMeasureRequest(d)) return post({ type: 'speed:failed', error: 'malformed speed:measure request' });
		const req = d;
		void (async () => {
			const engine = [...engines].reverse().find((e) => isModelLoaded(e, req.modelId) === true);
			if (!engine) throw new Error(`model ${req.modelId} is not loaded in this worker`);
			const r = openRuntime(engine, req.modelId, { addBos: false, contextWindow: req.contextWindow }).kv;
			if (!r.ok) throw new Error(`the engine's internals are missing: ${r.missing.join(', ')}`);
			const errs = validateLadder(req, r.backend.contextWindow);
			if (errs.length) throw new Error(errs.join('; '));
			const rows = await r.backend.withLock(() =>
				measureLadder(r.backend, { ...req, onRow: (row) => post({ type: 'speed:row', row }) })
			);
			post({ type: 'speed:done', rows });
		})().catch((e: unknown) => post({ type: 'speed:failed', error: e instanceof Error ? e.message : String(e) }));
	});
}
