// Turning HTTP and network failures into EngineErrors a user can act on — with the API key scrubbed from every
// message and detail, because error text ends up in logs, run records and bug reports.
import { EngineError } from '$lib/engines/engine';

const REDACTED = '[redacted]';

/** Removes the given secrets, and anything shaped like a bearer token or an `sk-…` key, from `text`. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	let out = text;
	for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
	return out
		.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`)
		.replace(/\b(sk|rk|gsk|pk)-[A-Za-z0-9_-]{8,}/g, REDACTED);
}

export interface ErrorBody {
	message: string;
	code: string;
	type: string;
}

/** Reads the error shapes servers actually send: OpenAI's `{error:{message,code,type}}`, `{error:"…"}`, `{detail}`. */
export function readErrorBody(text: string): ErrorBody {
	const empty = { message: '', code: '', type: '' };
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return { ...empty, message: text.trim().slice(0, 300) };
	}
	const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
	if (json && typeof json === 'object') {
		const o = json as Record<string, unknown>;
		const e = o.error;
		if (e && typeof e === 'object') {
			const r = e as Record<string, unknown>;
			return { message: str(r.message), code: str(r.code), type: str(r.type) };
		}
		if (typeof e === 'string') return { ...empty, message: e };
		if (typeof o.detail === 'string') return { ...empty, message: o.detail };
		if (typeof o.message === 'string') return { ...empty, message: o.message };
	}
	return { ...empty, message: text.trim().slice(0, 300) };
}

/**
 * Whether a failed /v1/completions call means "this server or model only offers chat" (so: switch to chat and
 * remember), as opposed to "the model does not exist". OpenAI answers chat-only models with a 404 that says
 * "not supported in the v1/completions endpoint"; servers without the route give a bare 404/405.
 */
export function completionsUnsupported(status: number, body: ErrorBody): boolean {
	if (status !== 404 && status !== 400 && status !== 405 && status !== 501) return false;
	const m = `${body.message} ${body.code}`.toLowerCase();
	if (/chat/.test(m) || /not supported|unsupported|not implemented|no such route|unknown (url|endpoint|route)/.test(m)) return true;
	if (body.code === 'model_not_found' || /model/.test(m)) return false;
	return status !== 400;
}

export interface HttpErrorContext {
	host: string;
	model: string;
	retryAfterMs: number | null;
	secrets: ReadonlyArray<string | undefined>;
}

/** One EngineError per HTTP failure; `retryable` (network, rate-limit) decides whether the engine tries again. */
export function httpError(status: number, bodyText: string, ctx: HttpErrorContext): EngineError {
	const body = readErrorBody(bodyText);
	const said = body.message ? `: ${redact(body.message, ctx.secrets)}` : '';
	const detail = redact(`HTTP ${status} ${bodyText.slice(0, 500)}`, ctx.secrets);
	const m = `${body.message} ${body.code} ${body.type}`.toLowerCase();
	if (status === 401 || status === 403)
		return new EngineError('auth', `${ctx.host} refused the API key (HTTP ${status}). Check the key and that it may use this model${said}`, detail);
	if (status === 402 || /insufficient_quota|billing|credit/.test(m))
		return new EngineError('quota', `${ctx.host} says the account is out of quota or credit (HTTP ${status})${said}`, detail);
	if (status === 404 || body.code === 'model_not_found')
		return new EngineError('not-found', `${ctx.host} does not know the model "${ctx.model}" or the endpoint (HTTP ${status})${said}`, detail);
	if (status === 413 || /context_length|maximum context|too many tokens|context window/.test(m))
		return new EngineError('context-window', `The prompt is longer than the model's context window at ${ctx.host}${said}`, detail);
	if (status === 429) {
		const wait = ctx.retryAfterMs != null ? ` (retry after ${Math.ceil(ctx.retryAfterMs / 1000)} s)` : '';
		return new EngineError('rate-limit', `${ctx.host} is rate-limiting requests${wait}${said}`, detail);
	}
	if (status === 408 || status >= 500)
		return new EngineError('network', `${ctx.host} failed to answer (HTTP ${status})${said}`, detail);
	return new EngineError('bad-response', `${ctx.host} rejected the request (HTTP ${status})${said}`, detail);
}

export interface FetchFailureContext {
	host: string;
	/** True in a browser page or worker, where a CORS refusal and an unreachable host both surface as TypeError. */
	browser: boolean;
	/** True once this endpoint has answered: then a TypeError is a network blip, not a CORS refusal. */
	everConnected: boolean;
	origin?: string;
	secrets: ReadonlyArray<string | undefined>;
}

/** A fetch that threw before any response: CORS (browser, never reached), or plain network trouble. */
export function fetchFailure(err: unknown, ctx: FetchFailureContext): EngineError {
	if (err instanceof EngineError) return err;
	const text = redact(err instanceof Error ? `${err.name}: ${err.message}${causeOf(err)}` : String(err), ctx.secrets);
	if (ctx.browser && !ctx.everConnected && err instanceof TypeError) {
		const origin = ctx.origin ? ` (${ctx.origin})` : '';
		return new EngineError(
			'cors',
			`The browser could not reach ${ctx.host}. If the server is running, it must allow requests from this origin${origin} ` +
				`(CORS: Access-Control-Allow-Origin and the Authorization header), or be called through a proxy that does.`,
			text
		);
	}
	return new EngineError('network', `Could not reach ${ctx.host}: ${text}`, text);
}

function causeOf(err: Error): string {
	const cause = (err as { cause?: unknown }).cause;
	return cause instanceof Error ? ` (${cause.message})` : '';
}
