// From a finished HTTP answer to the engine-neutral Generation: usage (the server's, else counted) and timings.
import type { GenerateRequest } from '$lib/engines/engine';
import type { Generation, Usage } from '$lib/types';
import type { AttemptResult } from './attempt';

/** Without a tokenizer, about four characters make a token in English prose: a labelled estimate, not a count. */
const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function usageOf(result: AttemptResult, prompt: string, countTokens?: (text: string) => number): Usage {
	if (result.usage) return result.usage;
	return {
		promptTokens: countTokens ? countTokens(prompt) : estimateTokens(prompt),
		// Servers stream about one token per chunk, which is closer than a character estimate.
		completionTokens: countTokens ? countTokens(result.text) : result.pieces
	};
}

export function finishReasonOf(raw: string | null): Generation['finishReason'] {
	return raw === 'length' || raw === 'max_tokens' ? 'length' : 'stop';
}

export function generationFrom(
	result: AttemptResult,
	req: GenerateRequest,
	api: 'completions' | 'chat',
	countTokens?: (text: string) => number
): Generation {
	const usage = usageOf(result, req.prompt, countTokens);
	const decodeMs = result.totalMs - result.ttftMs;
	return {
		text: result.text,
		usage,
		timings: {
			ttftMs: result.ttftMs,
			// Over HTTP the first-token time mixes network, queueing and prefill: no honest prefill rate exists.
			prefillTokensPerS: null,
			decodeTokensPerS: usage.completionTokens > 1 && decodeMs > 0 ? (usage.completionTokens - 1) / (decodeMs / 1000) : null,
			totalMs: result.totalMs
		},
		finishReason: finishReasonOf(result.finishReason),
		path: `http:${api}`
	};
}
