// web-llm failures to typed EngineErrors. The worker maps the real Error (its `name` survives there) and sends the
// result across; the client also maps bare strings, since errors from web-llm's own worker arrive as text.
import { EngineError, type EngineErrorKind } from '$lib/engines/engine';

export interface ErrorLike {
	name?: string;
	message: string;
}

interface Rule {
	kind: EngineErrorKind;
	test: RegExp;
	message: string | ((m: string) => string);
}

// Order matters: the first match wins (a device loss after OOM reads as a device loss, which offers the reload).
const RULES: Rule[] = [
	{ kind: 'aborted', test: /\bAbortError\b|aborted/i, message: 'Stopped.' },
	{
		kind: 'context-window',
		test: /ContextWindowSizeExceededError|exceed(s)? context window/i,
		message: (m) => `The prompt is longer than the model's context window (${m.match(/\d+[^\d]+\d+/)?.[0] ?? 'see details'}). Use a shorter context, or load the model with a larger context window.`
	},
	{
		kind: 'device-lost',
		test: /DeviceLostError|device (was )?lost|GPUDevice.*lost/i,
		message: 'The GPU device was lost (often: it ran out of memory). Reload the engine; if it happens again, choose a shorter context or a smaller model.'
	},
	{
		kind: 'out-of-memory',
		test: /out of memory|OutOfMemory|\bOOM\b|Failed to allocate|allocation failed|createBuffer.*(too large|exceed)|maxBufferSize/i,
		message: 'The GPU ran out of memory. Choose a shorter context length, a smaller model or the other quantization.'
	},
	{
		kind: 'quota',
		test: /QuotaExceededError|quota/i,
		message: "The browser's storage quota is full. Delete cached models in the model manager, or allow this site more storage."
	},
	{
		kind: 'unsupported',
		test: /WebGPUNotAvailableError|WebGPUNotFoundError|ShaderF16SupportError|FeatureSupportError|shader-f16|extension 'f16'/i,
		message: (m) => `This browser's GPU cannot run this model: ${m}`
	},
	{
		kind: 'not-found',
		test: /ModelNotFoundError|404|Not Found|Cannot find model record/i,
		message: 'A model file was not found: check the weights URL and the model library URL.'
	},
	{
		kind: 'network',
		test: /NetworkError|Failed to fetch|Network response was not ok|Load failed|ERR_|network/i,
		message: 'The download failed (network). Check the connection or the server hosting the weights and retry: shards already fetched stay cached.'
	}
];

/** Map any thrown value from web-llm (Error, { name, message }, or a string) to an EngineError. */
export function toEngineError(err: unknown): EngineError {
	if (err instanceof EngineError) return err;
	const e: ErrorLike =
		typeof err === 'string'
			? { message: err }
			: err && typeof err === 'object' && 'message' in err
				? { name: String((err as ErrorLike).name ?? ''), message: String((err as ErrorLike).message) }
				: { message: String(err) };
	const text = `${e.name ?? ''}: ${e.message}`;
	for (const r of RULES) {
		if (r.test.test(text)) {
			const message = typeof r.message === 'string' ? r.message : r.message(e.message);
			return new EngineError(r.kind, message, text);
		}
	}
	return new EngineError('unknown', `The WebLLM engine failed: ${e.message}`, text);
}
