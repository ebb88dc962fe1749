// The public raw-completion path (no chat template, no system prompt), used when web-llm's internals are not
// reachable. Its response is validated here rather than trusted as typed.
import type { CompletionParamsLike, MlcEngineLike } from './module';
import { completionPrompt, type BosRule } from './prompt';
import type { GenerateResult, GenerateSpec } from './protocol';

interface CompletionShape {
	choices: { text: string; finish_reason: string | null }[];
	usage?: { prompt_tokens: number; completion_tokens: number; extra?: Record<string, unknown> };
}

function isCompletion(v: unknown): v is CompletionShape {
	const c = v as CompletionShape;
	return !!c && Array.isArray(c.choices) && c.choices.length > 0 && typeof c.choices[0].text === 'string';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function completionParams(modelId: string, req: GenerateSpec, bos: BosRule): CompletionParamsLike {
	return {
		model: modelId,
		prompt: completionPrompt(req.prompt, bos),
		max_tokens: req.maxTokens,
		stop: req.stop && req.stop.length ? req.stop : null,
		// Neutral sampling, as set at load: greedy answers equal the token path's.
		temperature: 0,
		top_p: 1,
		frequency_penalty: 0,
		presence_penalty: 0,
		stream: false
	};
}

export async function completeOnce(
	engine: MlcEngineLike,
	modelId: string,
	req: GenerateSpec,
	bos: BosRule,
	aborted: () => boolean
): Promise<GenerateResult> {
	const t0 = performance.now();
	const raw = await engine.completion(completionParams(modelId, req, bos));
	if (!isCompletion(raw)) throw new Error('web-llm returned a completion of an unexpected shape');
	const choice = raw.choices[0];
	const promptTokens = num(raw.usage?.prompt_tokens) ?? 0;
	const completionTokens = num(raw.usage?.completion_tokens) ?? 0;
	const extra = raw.usage?.extra ?? {};
	const prefillRate = num(extra.prefill_tokens_per_s);
	const decodeRate = num(extra.decode_tokens_per_s);
	const finish = aborted() || choice.finish_reason === 'abort' ? 'abort' : choice.finish_reason === 'stop' ? 'stop' : 'length';
	return {
		text: choice.text,
		finishReason: finish,
		path: 'completions',
		promptTokens,
		completionTokens,
		prefillMs: prefillRate ? (promptTokens / prefillRate) * 1000 : (num(extra.time_to_first_token_s) ?? 0) * 1000,
		decodeMs: decodeRate ? (completionTokens / decodeRate) * 1000 : 0,
		totalMs: performance.now() - t0,
		prefilledTokens: promptTokens
	};
}
