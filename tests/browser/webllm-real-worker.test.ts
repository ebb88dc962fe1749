import { describe, expect, it } from 'vitest';
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { startWebLlmWorker } from '$lib/engines/webllm/start-worker';
import { customModel } from '$lib/engines/webllm/custom-model';
import { WEBLLM_DATABASES } from '$lib/engines/webllm/runtime';

// The app's own worker with the real web-llm 0.2.86: no weights are reachable here, so a load must fail with a
// typed, retryable network error rather than hang or throw an untyped string.
describe('the app worker with real web-llm', () => {
	it('starts, and maps an unreachable weight server to a network error', async () => {
		const worker = startWebLlmWorker();
		try {
			const engine = createWebLlmEngine(worker, { storage: null });
			const r = customModel({ weightsUrl: 'http://127.0.0.1:9/none', modelLibUrl: 'http://127.0.0.1:9/lib.wasm', contextWindow: 1024, quantization: 'q4f32_1', architecture: 'mistral7b' });
			if (!r.ok) throw new Error('bad form');
			const err = await engine.load(r.spec, { contextWindow: 1024 }).catch((e) => e);
			expect(err).toMatchObject({ name: 'EngineError', kind: 'network' });
			expect(engine.loaded).toBeNull();
		} finally {
			worker.terminate();
			// web-llm created its cache databases while trying: leave the origin as it was.
			for (const name of WEBLLM_DATABASES) indexedDB.deleteDatabase(name);
		}
	});
});
