// The response shapes of OpenAI-compatible servers, checked at runtime: a proxy's HTML error page or a truncated
// JSON line must become a clear "bad-response", never an undefined deep inside the runner.
import type { Usage } from '$lib/types';
import { isObject } from '$lib/util/guards';

/** What one streamed chunk (or a whole non-streamed response) contributes. */
export interface WireChunk {
	text: string;
	finishReason: string | null;
	usage: Usage | null;
	/** An error object sent inside an otherwise successful stream (OpenRouter and vLLM do this). */
	error: string | null;
}

export class WireFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WireFormatError';
	}
}

function readUsage(v: unknown): Usage | null {
	if (!isObject(v)) return null;
	const p = v.prompt_tokens;
	const c = v.completion_tokens;
	if (typeof p !== 'number' || typeof c !== 'number' || !Number.isFinite(p) || !Number.isFinite(c)) return null;
	return { promptTokens: p, completionTokens: c };
}

/** Reads a completions or chat chunk/response; throws WireFormatError when the shape is not one of them. */
export function readWireChunk(json: unknown): WireChunk {
	if (!isObject(json)) throw new WireFormatError('expected a JSON object');
	if (json.error !== undefined && json.error !== null) {
		const e = json.error;
		const message = isObject(e) && typeof e.message === 'string' ? e.message : typeof e === 'string' ? e : 'unknown error';
		return { text: '', finishReason: null, usage: null, error: message };
	}
	const usage = readUsage(json.usage);
	const choices = json.choices;
	if (!Array.isArray(choices)) throw new WireFormatError('missing "choices" array');
	// The final usage chunk of a stream has an empty choices list.
	if (choices.length === 0) return { text: '', finishReason: null, usage, error: null };
	const choice = choices[0];
	if (!isObject(choice)) throw new WireFormatError('choice is not an object');
	const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
	let text: unknown = '';
	if ('text' in choice) text = choice.text;
	else if (isObject(choice.delta)) text = choice.delta.content ?? '';
	else if (isObject(choice.message)) text = choice.message.content ?? '';
	else if (finishReason === null) throw new WireFormatError('choice has neither "text", "delta" nor "message"');
	if (typeof text !== 'string') throw new WireFormatError('choice text is not a string');
	return { text, finishReason, usage, error: null };
}

/** Parses JSON text and reads it as a chunk; both failures become WireFormatError. */
export function parseWireChunk(data: string): WireChunk {
	let json: unknown;
	try {
		json = JSON.parse(data);
	} catch {
		throw new WireFormatError(`not valid JSON: ${data.slice(0, 120)}`);
	}
	return readWireChunk(json);
}
