// The options of the OpenAI-compatible engine, checked once at construction so a typo fails loudly up front.
import { EngineError } from '$lib/engines/engine';
import { defaultRetryPolicy, type RetryPolicy } from './retry';
import type { Semaphore } from './semaphore';

/** Which endpoint answers: `auto` tries /completions (exact prompt) once and falls back to chat if refused. */
export type ApiMode = 'auto' | 'completions' | 'chat';

export interface Timeouts {
	/** Request sent → response headers. */
	connectMs: number;
	/** Request sent → first answer text. A 32K-token prefill on a busy server takes a while: keep it generous. */
	firstTokenMs: number;
	/** Request sent → last byte. */
	totalMs: number;
}

export const defaultTimeouts: Timeouts = { connectMs: 30_000, firstTokenMs: 180_000, totalMs: 600_000 };

export interface OpenAiEngineOptions {
	/** e.g. https://api.openai.com/v1, https://openrouter.ai/api/v1, http://127.0.0.1:8080 (…/v1 is added). */
	baseUrl: string;
	model: string;
	/** Sent as `Authorization: Bearer …`; omitted for local servers that need none. Never logged. */
	apiKey?: string;
	api?: ApiMode;
	label?: string;
	/** The model's context window in tokens, as the user states it (the API does not say). */
	maxContext?: number;
	/** Requests in flight at once; ignored when `semaphore` is given (a limit shared with other engines). */
	concurrency?: number;
	semaphore?: Semaphore;
	retry?: Partial<RetryPolicy>;
	timeouts?: Partial<Timeouts>;
	/** Ask for token usage in the stream (`stream_options.include_usage`); dropped automatically if refused. */
	includeUsage?: boolean;
	/** Stream the answer (SSE) — needed for time-to-first-token. */
	stream?: boolean;
	/** Counts tokens when the server reports no usage; without it, streamed chunks are counted (about one token each). */
	countTokens?: (text: string) => number;
	/** Extra headers some gateways want (OpenRouter: HTTP-Referer, X-Title). */
	headers?: Record<string, string>;
	fetch?: typeof fetch;
	random?: () => number;
}

export interface ResolvedConfig {
	baseUrl: string;
	host: string;
	model: string;
	apiKey?: string;
	api: ApiMode;
	label: string;
	maxContext: number;
	concurrency: number;
	retry: RetryPolicy;
	timeouts: Timeouts;
	includeUsage: boolean;
	stream: boolean;
	headers: Record<string, string>;
}

/** Accepts a server root or a /v1 base, with or without a trailing slash; no credentials or query in the URL. */
export function normalizeBaseUrl(input: string): string {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		throw new EngineError('unsupported', `Base URL "${input}" is not a URL (expected e.g. https://api.openai.com/v1).`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw new EngineError('unsupported', `Base URL must start with http:// or https:// (got ${url.protocol}).`);
	if (url.username || url.password || url.search)
		throw new EngineError('unsupported', 'Base URL must not carry credentials or a query; give the API key separately.');
	let path = url.pathname.replace(/\/+$/, '');
	if (path === '') path = '/v1';
	return `${url.origin}${path}`;
}

function positive(name: string, v: number | undefined, fallback: number): number {
	if (v === undefined) return fallback;
	if (!Number.isFinite(v) || v <= 0) throw new EngineError('unsupported', `${name} must be a positive number, got ${v}.`);
	return v;
}

export function resolveConfig(o: OpenAiEngineOptions): ResolvedConfig {
	const baseUrl = normalizeBaseUrl(o.baseUrl);
	if (!o.model || !o.model.trim()) throw new EngineError('unsupported', 'A model name is required.');
	const api = o.api ?? 'auto';
	if (!['auto', 'completions', 'chat'].includes(api)) throw new EngineError('unsupported', `api must be auto, completions or chat (got ${api}).`);
	const concurrency = o.semaphore?.limit ?? positive('concurrency', o.concurrency, 4);
	if (!Number.isInteger(concurrency)) throw new EngineError('unsupported', `concurrency must be a whole number, got ${concurrency}.`);
	const retry = { ...defaultRetryPolicy, ...o.retry };
	if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) throw new EngineError('unsupported', 'retry.maxAttempts must be >= 1.');
	const t = { ...defaultTimeouts, ...o.timeouts };
	const host = new URL(baseUrl).host;
	return {
		baseUrl,
		host,
		model: o.model.trim(),
		apiKey: o.apiKey?.trim() || undefined,
		api,
		label: o.label ?? `${o.model.trim()} @ ${host}`,
		maxContext: positive('maxContext', o.maxContext, 32_768),
		concurrency,
		retry,
		timeouts: {
			connectMs: positive('timeouts.connectMs', t.connectMs, defaultTimeouts.connectMs),
			firstTokenMs: positive('timeouts.firstTokenMs', t.firstTokenMs, defaultTimeouts.firstTokenMs),
			totalMs: positive('timeouts.totalMs', t.totalMs, defaultTimeouts.totalMs)
		},
		includeUsage: o.includeUsage ?? true,
		stream: o.stream ?? true,
		headers: { ...o.headers }
	};
}
