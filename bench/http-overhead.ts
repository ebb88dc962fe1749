// What the HTTP engine itself costs per request: SSE parsing, shape checks, retry and semaphore bookkeeping,
// against a local OpenAI-compatible server that answers instantly. The model's own time is not in it, so this is
// the floor a cloud baseline adds on top of the provider's latency.
//   npx tsx bench/http-overhead.ts
import { pathToFileURL } from 'node:url';
import { createOpenAiEngine } from '$lib/engines/openai/engine';
import { filmPrompt } from '$lib/tasks/prompt';
import { startOpenAiTestServer } from '../tests/helpers/openai-server';

export interface HttpOverhead {
	median_ms: number;
	p90_ms: number;
	requests: number;
	concurrency: number;
}

function quantile(sorted: number[], q: number): number {
	const i = (sorted.length - 1) * q;
	const lo = Math.floor(i);
	return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
}

export async function benchHttpOverhead(requests = 400, concurrency = 8): Promise<HttpOverhead> {
	// A short database probe: 20 entities, a ten-word answer streamed as ten SSE events plus finish and usage.
	const items = Array.from({ length: 20 }, (_, i) => `<id: Q${100 + i}, label: Item ${i}, description: the ${i}th item of a short benchmark list>`);
	const prompts = items.map((_, i) => filmPrompt(items.join(' '), `In above context , what is the label and description for the query where the id is Q${100 + i} ?`));
	const server = await startOpenAiTestServer();
	try {
		const engine = createOpenAiEngine({ baseUrl: server.url, model: 'film-test', concurrency });
		const warmup = concurrency * 4;
		const times: number[] = [];
		let next = 0;
		const worker = async (): Promise<void> => {
			while (next < requests + warmup) {
				const n = next++;
				const t0 = performance.now();
				await engine.generate({ prompt: prompts[n % prompts.length], maxTokens: 64 });
				if (n >= warmup) times.push(performance.now() - t0);
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		times.sort((a, b) => a - b);
		const round = (x: number) => Math.round(x * 100) / 100;
		return { median_ms: round(quantile(times, 0.5)), p90_ms: round(quantile(times, 0.9)), requests: times.length, concurrency };
	} finally {
		await server.close();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	console.log(JSON.stringify(await benchHttpOverhead()));
}
