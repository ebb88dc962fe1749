// The app's worker (web-llm 0.2.86), kept apart from the client so that code driving another worker (the
// real-engine check's 0.2.79 twin) does not bundle this one too. Vite bundles it as its own module chunk.
export function startWebLlmWorker(): Worker {
	return new Worker(new URL('../../workers/webllm.worker.ts', import.meta.url), { type: 'module' });
}
