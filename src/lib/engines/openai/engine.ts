// The cloud baseline: any OpenAI-compatible server (OpenAI, OpenRouter, Together, Groq, vLLM, llama.cpp, Ollama)
// behind the same Engine interface as the in-browser model. Greedy decoding, exact prompt where the server allows.
import { EngineError, type Engine, type GenerateRequest } from '$lib/engines/engine';
import type { Generation } from '$lib/types';
import { HttpStatusError, runAttempt, type AttemptResult } from './attempt';
import { filmPromptToUserMessage } from './chat-prompt';
import { resolveConfig, type OpenAiEngineOptions } from './config';
import { completionsUnsupported, fetchFailure, readErrorBody } from './errors';
import { retryDelayMs, sleep } from './retry';
import { createSemaphore } from './semaphore';
import { generationFrom } from './generation';

export type { OpenAiEngineOptions } from './config';

export interface OpenAiEngine extends Engine {
	/** The endpoint in use: decided by the first answered request when the option is `auto`. */
	readonly api: 'completions' | 'chat' | 'undecided';
}

const isBrowser = (): boolean => typeof window !== 'undefined' || typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';

export function createOpenAiEngine(options: OpenAiEngineOptions): OpenAiEngine {
	const cfg = resolveConfig(options);
	const semaphore = options.semaphore ?? createSemaphore(cfg.concurrency);
	const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
	const random = options.random ?? Math.random;
	const secrets = [cfg.apiKey];
	let api: 'completions' | 'chat' | null = cfg.api === 'auto' ? null : cfg.api;
	let includeUsage = cfg.includeUsage;
	let everConnected = false;
	// While the first request finds out whether /completions works, the others wait for its verdict, so the
	// probe happens once instead of once per concurrent request.
	let probing: Promise<void> | null = null;

	async function chooseApi(signal?: AbortSignal): Promise<{ api: 'completions' | 'chat'; settle?: () => void }> {
		for (;;) {
			if (api !== null) return { api };
			if (probing === null) {
				let settle!: () => void;
				probing = new Promise<void>((r) => (settle = r));
				let settled = false;
				const done = (): void => {
					if (settled) return;
					settled = true;
					probing = null;
					settle();
				};
				return { api: 'completions', settle: done };
			}
			await untilSettled(probing, signal);
		}
	}

	function headers(): Record<string, string> {
		const h: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json', ...cfg.headers };
		if (cfg.apiKey) h.authorization = `Bearer ${cfg.apiKey}`;
		return h;
	}

	function body(which: 'completions' | 'chat', req: GenerateRequest): Record<string, unknown> {
		const b: Record<string, unknown> = { model: cfg.model, max_tokens: req.maxTokens, temperature: 0, top_p: 1, stream: cfg.stream };
		if (which === 'completions') b.prompt = req.prompt;
		else b.messages = [{ role: 'user', content: filmPromptToUserMessage(req.prompt) }];
		if (req.stop && req.stop.length > 0) b.stop = req.stop;
		if (cfg.stream && includeUsage) b.stream_options = { include_usage: true };
		return b;
	}

	async function attemptOnce(which: 'completions' | 'chat', req: GenerateRequest, onAccepted: () => void, onDelta: (t: string) => void): Promise<AttemptResult> {
		const release = await semaphore.acquire(req.signal);
		try {
			return await runAttempt({
				url: `${cfg.baseUrl}/${which === 'completions' ? 'completions' : 'chat/completions'}`,
				headers: headers(),
				body: body(which, req),
				stream: cfg.stream,
				timeouts: cfg.timeouts,
				host: cfg.host,
				model: cfg.model,
				secrets,
				signal: req.signal,
				fetch: doFetch,
				onAccepted,
				onDelta
			});
		} catch (e) {
			if (e instanceof HttpStatusError) throw e;
			throw fetchFailure(e, {
				host: cfg.host,
				browser: isBrowser(),
				everConnected,
				origin: typeof location !== 'undefined' ? location.origin : undefined,
				secrets
			});
		} finally {
			release();
		}
	}

	async function generate(req: GenerateRequest): Promise<Generation> {
		if (!Number.isInteger(req.maxTokens) || req.maxTokens < 1) throw new EngineError('unsupported', `maxTokens must be a whole number >= 1 (got ${req.maxTokens}).`);
		// Text already passed to onText: a retry re-sends only what goes beyond it, so a listener never sees doubles.
		let forwarded = '';
		let retries = 0;
		for (;;) {
			const choice = await chooseApi(req.signal);
			let attemptText = '';
			const onDelta = (t: string): void => {
				attemptText += t;
				if (attemptText.length > forwarded.length && attemptText.startsWith(forwarded)) {
					req.onText?.(attemptText.slice(forwarded.length));
					forwarded = attemptText;
				}
			};
			const accepted = (): void => {
				everConnected = true;
				if (choice.settle) {
					api = 'completions';
					choice.settle();
				}
			};
			try {
				const result = await attemptOnce(choice.api, req, accepted, onDelta);
				return generationFrom(result, req, choice.api, options.countTokens);
			} catch (e) {
				const err = e instanceof HttpStatusError ? e : null;
				if (err) everConnected = true;
				if (err && choice.settle && completionsUnsupported(err.status, readErrorBody(err.bodyText))) {
					api = 'chat';
					choice.settle();
					continue;
				}
				choice.settle?.();
				if (err && err.status === 400 && includeUsage && /stream_options|include_usage/i.test(err.bodyText)) {
					includeUsage = false; // an older server: count tokens ourselves from now on
					continue;
				}
				const failure = err ? err.error : e instanceof EngineError ? e : new EngineError('unknown', String(e));
				if (failure.kind === 'aborted' || !failure.retryable || retries + 1 >= cfg.retry.maxAttempts) throw failure;
				const retryAfter = err?.retryAfterMs ?? null;
				if (retryAfter !== null && retryAfter > cfg.retry.maxRetryAfterMs) throw failure;
				await sleep(retryDelayMs(retries, cfg.retry, retryAfter, random), req.signal);
				retries++;
			}
		}
	}

	return {
		info: {
			kind: 'openai',
			modelId: cfg.model,
			label: cfg.label,
			contextWindow: cfg.maxContext,
			details: { host: cfg.host, api: cfg.api, concurrency: semaphore.limit }
		},
		capabilities: { maxContext: cfg.maxContext, prefixReuse: false, exactTokens: false },
		get api() {
			return api ?? 'undecided';
		},
		generate
	};
}

/** Waits for `p`, or rejects as "aborted" when the signal fires first (without leaving a timer behind). */
function untilSettled(p: Promise<void>, signal?: AbortSignal): Promise<void> {
	if (!signal) return p;
	if (signal.aborted) return Promise.reject(new EngineError('aborted', 'Request cancelled.'));
	return new Promise((resolve, reject) => {
		const onAbort = (): void => reject(new EngineError('aborted', 'Request cancelled.'));
		signal.addEventListener('abort', onAbort, { once: true });
		p.then(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		});
	});
}
