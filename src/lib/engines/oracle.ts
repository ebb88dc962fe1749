// The perfect-retrieval reference: an engine that answers with a reference answerer handed to it by the app or
// the CLI (tasks/registry.ts builds one from a run's plans). It knows no tasks: it passes the prompt on, as any
// engine reads only the prompt, so it checks the whole pipeline — prompt assembly, ordering, scoring,
// aggregation — and needs no GPU, no download and no network. It scores 100 Avg / 0 Gap on unambiguous probes.
import type { Generation } from '$lib/types';
import type { Engine, GenerateRequest } from './engine';
import { EngineError } from './engine';

/** The reference answer to a prompt; `prefix` is the shared context when the runner knows it (a cheap look-up). */
export type ReferenceAnswerer = (prompt: string, prefix?: string) => string;

export function createOracleEngine(answer: ReferenceAnswerer): Engine {
	return {
		info: { kind: 'oracle', modelId: 'oracle', label: 'Perfect retrieval reference' },
		capabilities: { maxContext: Number.MAX_SAFE_INTEGER, prefixReuse: false, exactTokens: false },
		async generate(req: GenerateRequest): Promise<Generation> {
			if (req.signal?.aborted) throw new EngineError('aborted', 'The request was cancelled.');
			const started = performance.now();
			const text = answer(req.prompt, req.prefix);
			req.onText?.(text);
			const totalMs = performance.now() - started;
			return {
				text,
				usage: { promptTokens: 0, completionTokens: 0 },
				timings: { ttftMs: totalMs, prefillTokensPerS: null, decodeTokensPerS: null, totalMs },
				finishReason: 'stop',
				path: 'oracle'
			};
		}
	};
}
