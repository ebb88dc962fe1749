// A Worker stand-in for Node tests: the page side and serveWebLlmWorker talk through structuredClone, as they would
// across a real worker boundary (Error objects and functions cannot cross).
import { serveWebLlmWorker, type WorkerScopeLike } from '$lib/engines/webllm/worker-server';
import type { WebLlmModule } from '$lib/engines/webllm/module';
import type { WorkerLike } from '$lib/engines/webllm/client';

export function inProcessWorker(mod: WebLlmModule) {
	const toPage: ((ev: MessageEvent) => void)[] = [];
	const toWorker: ((ev: { data: unknown }) => void)[] = [];
	const sent: unknown[] = [];
	const scope: WorkerScopeLike = {
		postMessage: (m) => {
			const data = structuredClone(m);
			queueMicrotask(() => toPage.forEach((f) => f({ data } as MessageEvent)));
		},
		addEventListener: (_t, fn) => toWorker.push(fn)
	};
	const server = serveWebLlmWorker(mod, scope, { shardBytes: async () => 96 * 2 ** 20 });
	const worker: WorkerLike = {
		postMessage: (m) => {
			const data = structuredClone(m);
			sent.push(data);
			toWorker.forEach((f) => f({ data }));
		},
		addEventListener: ((type: string, fn: (ev: MessageEvent) => void) => {
			if (type === 'message') toPage.push(fn);
		}) as WorkerLike['addEventListener']
	};
	return { worker, server, sent };
}
