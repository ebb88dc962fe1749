// A real module Worker serving the fake web-llm: the browser test drives it exactly as the app drives its worker.
import { serveWebLlmWorker } from '$lib/engines/webllm/worker-server';
import { makeFakeWebLlm } from './engine';

const brokenChunk = new URL(self.location.href).searchParams.get('brokenChunk') === '1';
serveWebLlmWorker(makeFakeWebLlm({ brokenChunk, shards: 4 }), undefined, { shardBytes: async () => 4 * 32 * 2 ** 20 });
