// One HTTP request to a completions or chat endpoint, start to finish: timeouts, SSE reading, shape checks.
// It knows nothing of retries — it either returns a whole answer or throws an EngineError saying why not.
import { EngineError } from '$lib/engines/engine';
import type { Usage } from '$lib/types';
import type { Timeouts } from './config';
import { httpError, redact } from './errors';
import { parseRetryAfter } from './retry';
import { createSseParser } from './sse';
import { parseWireChunk, WireFormatError, type WireChunk } from './wire';

export interface AttemptRequest {
	url: string;
	headers: Record<string, string>;
	body: Record<string, unknown>;
	stream: boolean;
	timeouts: Timeouts;
	host: string;
	model: string;
	secrets: ReadonlyArray<string | undefined>;
	signal?: AbortSignal;
	fetch: typeof fetch;
	/** Called once response headers say 200: the endpoint works (used to settle the completions/chat probe). */
	onAccepted?: () => void;
	onDelta?: (text: string) => void;
}

export interface AttemptResult {
	text: string;
	finishReason: string | null;
	usage: Usage | null;
	/** Streamed pieces that carried text (the fallback token count). */
	pieces: number;
	ttftMs: number;
	totalMs: number;
}

/** An HTTP error response, kept whole so the engine can decide on chat fallback or dropping stream_options. */
export class HttpStatusError extends Error {
	constructor(
		readonly status: number,
		readonly bodyText: string,
		readonly error: EngineError,
		readonly retryAfterMs: number | null
	) {
		super(error.message);
		this.name = 'HttpStatusError';
	}
}

type TimeoutKind = keyof Timeouts;

export async function runAttempt(req: AttemptRequest): Promise<AttemptResult> {
	const controller = new AbortController();
	let timedOut: TimeoutKind | null = null;
	const timers = new Map<TimeoutKind, ReturnType<typeof setTimeout>>();
	const arm = (kind: TimeoutKind): void => {
		timers.set(kind, setTimeout(() => ((timedOut = kind), controller.abort()), req.timeouts[kind]));
	};
	const disarm = (kind: TimeoutKind): void => clearTimeout(timers.get(kind));
	const onUserAbort = (): void => controller.abort();
	if (req.signal?.aborted) throw new EngineError('aborted', 'Request cancelled.');
	req.signal?.addEventListener('abort', onUserAbort, { once: true });
	arm('connectMs');
	arm('firstTokenMs');
	arm('totalMs');

	const start = performance.now();
	let firstTextAt: number | null = null;
	let received = false;
	const acc = { text: '', finishReason: null as string | null, usage: null as Usage | null, pieces: 0 };
	const take = (c: WireChunk): void => {
		if (c.error !== null) throw new EngineError('network', `${req.host} reported an error mid-answer: ${redact(c.error, req.secrets)}`);
		if (c.text) {
			if (firstTextAt === null) {
				firstTextAt = performance.now();
				disarm('firstTokenMs');
			}
			acc.text += c.text;
			acc.pieces++;
			req.onDelta?.(c.text);
		}
		if (c.finishReason !== null) acc.finishReason = c.finishReason;
		if (c.usage !== null) acc.usage = c.usage;
	};

	try {
		const res = await req.fetch(req.url, {
			method: 'POST',
			headers: req.headers,
			body: JSON.stringify(req.body),
			signal: controller.signal
		});
		disarm('connectMs');
		received = true;
		if (!res.ok) {
			const text = await res.text().catch(() => '');
			const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
			const ctx = { host: req.host, model: req.model, retryAfterMs: retryAfter, secrets: req.secrets };
			throw new HttpStatusError(res.status, text, httpError(res.status, text, ctx), retryAfter);
		}
		req.onAccepted?.();
		const type = res.headers.get('content-type') ?? '';
		// A server may ignore `stream: true` and answer with one JSON body: read it as such.
		if (!req.stream || !type.includes('text/event-stream')) {
			take(parseWireChunk(await res.text()));
			if (acc.finishReason === null) acc.finishReason = 'stop';
		} else {
			await readStream(res, take);
		}
	} catch (e) {
		throw attemptFailure(e, req, timedOut, received);
	} finally {
		for (const t of timers.values()) clearTimeout(t);
		req.signal?.removeEventListener('abort', onUserAbort);
	}
	const end = performance.now();
	return { ...acc, ttftMs: (firstTextAt ?? end) - start, totalMs: end - start };
}

async function readStream(res: Response, take: (c: WireChunk) => void): Promise<void> {
	if (!res.body) throw new WireFormatError('empty response body');
	const parser = createSseParser();
	const reader = res.body.getReader();
	let done = false;
	let finished = false;
	const handle = (data: string): void => {
		if (data.trim() === '[DONE]') done = true;
		else if (data.trim() !== '') {
			const c = parseWireChunk(data);
			take(c);
			if (c.finishReason !== null) finished = true;
		}
	};
	try {
		while (!done) {
			const { value, done: eof } = await reader.read();
			if (eof) break;
			for (const ev of parser.push(value)) if (!done) handle(ev.data);
		}
		if (!done) for (const ev of parser.end()) if (!done) handle(ev.data);
	} finally {
		if (done) await reader.cancel().catch(() => undefined);
	}
	// No [DONE] and no finish_reason: the connection dropped mid-answer. The partial text is useless (a retry
	// regenerates it whole), so it is reported as a retryable network failure.
	if (!done && !finished) throw new EngineError('network', 'The answer stream ended before the answer was complete.');
}

function attemptFailure(e: unknown, req: AttemptRequest, timedOut: TimeoutKind | null, received: boolean): unknown {
	if (req.signal?.aborted) return new EngineError('aborted', 'Request cancelled.');
	if (timedOut) {
		const what = { connectMs: 'to accept the request', firstTokenMs: 'to send a first token', totalMs: 'to finish the answer' }[timedOut];
		return new EngineError('network', `${req.host} took longer than ${req.timeouts[timedOut] / 1000} s ${what}.`);
	}
	if (e instanceof WireFormatError)
		return new EngineError('bad-response', `${req.host} sent a response that is not OpenAI-compatible JSON (${redact(e.message, req.secrets)}).`);
	// After the headers arrived, a thrown read is a dropped connection (never CORS): retry from scratch.
	if (received && !(e instanceof EngineError) && !(e instanceof HttpStatusError))
		return new EngineError('network', `The connection to ${req.host} broke mid-answer.`, redact(String(e), req.secrets));
	return e;
}
