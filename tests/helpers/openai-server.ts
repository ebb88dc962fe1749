// A real OpenAI-compatible HTTP server for tests and manual runs: /v1/completions, /v1/chat/completions and
// /v1/models, streamed (SSE) or not, with an API-key check and faults on demand. It records every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forgetfulAnswerer, oracleAnswer, type ForgetMiddle } from './openai-server-answer';

export type Fault =
	| { kind: 'rate-limit'; retryAfter?: number | string }
	| { kind: 'server-error'; status?: number }
	/** Stops after `afterPieces` answer pieces: `abrupt` destroys the socket, otherwise the stream just ends. */
	| { kind: 'cut'; afterPieces?: number; abrupt?: boolean }
	| { kind: 'malformed' }
	| { kind: 'slow-first-token'; ms: number };

export interface OpenAiTestServerOptions {
	port?: number;
	/** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401). */
	apiKey?: string;
	models?: string[];
	/** false: /v1/completions answers 404 (a chat-only server), forcing the engine onto chat. */
	completions?: boolean;
	answer?: (prompt: string) => string;
	forgetMiddle?: ForgetMiddle;
	/** Report usage when the client asks for it (default true). */
	usage?: boolean;
	/** Pause between streamed pieces. */
	pieceDelayMs?: number;
	/** Answer CORS preflights and allow any origin (for browser tests); off, a browser page is refused. */
	cors?: boolean;
}

export interface RecordedRequest {
	/** Date.now() when the request arrived. */
	at: number;
	method: string;
	path: string;
	status: number;
	/** The completions prompt, or the chat user turn. */
	prompt?: string;
	model?: string;
	stream?: boolean;
	body?: Record<string, unknown>;
	fault?: Fault['kind'];
}

export interface OpenAiTestServer {
	url: string;
	requests: RecordedRequest[];
	/** Most generation requests that were in flight at once. */
	readonly maxInFlight: number;
	/** Queues faults; each is used up by the next generation request. */
	setFaults(faults: Fault[]): void;
	close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
};
const apiError = (message: string, code: string | null, type = 'invalid_request_error') => ({ error: { message, type, code } });

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		req.on('data', (c: Buffer) => parts.push(c));
		req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		req.on('error', reject);
	});
}

/** Answer pieces the way a tokenizer streams them: each word with its leading space. */
export const piecesOf = (text: string): string[] => text.match(/\s*\S+/g) ?? [];
const countWords = (text: string): number => (text.match(/\S+/g) ?? []).length;

export async function startOpenAiTestServer(opts: OpenAiTestServerOptions = {}): Promise<OpenAiTestServer> {
	const models = opts.models ?? ['film-test'];
	const answer = opts.forgetMiddle ? forgetfulAnswerer(opts.forgetMiddle, opts.answer ?? oracleAnswer) : (opts.answer ?? oracleAnswer);
	const requests: RecordedRequest[] = [];
	let faults: Fault[] = [];
	let inFlight = 0;
	let maxInFlight = 0;

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rec: RecordedRequest = { at: Date.now(), method: req.method ?? '', path: (req.url ?? '').split('?')[0], status: 0 };
		requests.push(rec);
		if (opts.cors) {
			res.setHeader('access-control-allow-origin', '*');
			res.setHeader('access-control-allow-headers', 'authorization, content-type');
			res.setHeader('access-control-expose-headers', 'retry-after');
			if (req.method === 'OPTIONS') {
				rec.status = 204;
				return void res.writeHead(204).end();
			}
		}
		const reply = (status: number, body: unknown, headers?: Record<string, string>): void => {
			rec.status = status;
			json(res, status, body, headers);
		};
		if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
			// Like OpenAI, echo the key that was sent: clients must keep it out of their own error text.
			const sent = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			return reply(401, apiError(`Incorrect API key provided: ${sent}.`, 'invalid_api_key'));
		}
		if (req.method === 'GET' && rec.path === '/v1/models')
			return reply(200, { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'test' })) });
		const chat = rec.path === '/v1/chat/completions';
		if (req.method !== 'POST' || (!chat && rec.path !== '/v1/completions')) return reply(404, apiError(`No route ${rec.path}`, null));
		if (!chat && opts.completions === false)
			return reply(404, apiError('This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?', null));
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(await readBody(req)) as Record<string, unknown>;
		} catch {
			return reply(400, apiError('We could not parse the JSON body of your request.', null));
		}
		rec.body = body;
		rec.model = String(body.model);
		rec.stream = body.stream === true;
		const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
		const prompt = chat ? messages.filter((m) => m.role === 'user').map((m) => String(m.content)).pop() : body.prompt;
		if (typeof prompt !== 'string') return reply(400, apiError(chat ? 'messages must hold a user turn' : 'prompt must be a string', null));
		rec.prompt = prompt;
		if (!models.includes(rec.model)) return reply(404, apiError(`The model \`${rec.model}\` does not exist or you do not have access to it.`, 'model_not_found'));
		const fault = faults.shift();
		rec.fault = fault?.kind;
		if (fault?.kind === 'rate-limit')
			return reply(429, apiError('Rate limit reached.', 'rate_limit_exceeded', 'requests'), { 'retry-after': String(fault.retryAfter ?? 1) });
		if (fault?.kind === 'server-error') return reply(fault.status ?? 500, apiError('The server had an error.', null, 'server_error'));

		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		res.on('close', () => inFlight--);
		await generate(chat, body, prompt, fault, rec, res);
	}

	async function generate(chat: boolean, body: Record<string, unknown>, prompt: string, fault: Fault | undefined, rec: RecordedRequest, res: ServerResponse): Promise<void> {
		let text = answer(prompt);
		const stops = Array.isArray(body.stop) ? (body.stop as string[]) : typeof body.stop === 'string' ? [body.stop] : [];
		for (const s of stops) if (s && text.includes(s)) text = text.slice(0, text.indexOf(s));
		const all = piecesOf(text);
		const max = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
		const pieces = all.slice(0, max);
		const finish = pieces.length < all.length ? 'length' : 'stop';
		const usage = { prompt_tokens: countWords(prompt), completion_tokens: pieces.length, total_tokens: countWords(prompt) + pieces.length };
		const wantsUsage = opts.usage !== false;
		const base = { id: `cmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: rec.model };
		const choice = (t: string, fin: string | null, whole: boolean) =>
			chat ? { index: 0, [whole ? 'message' : 'delta']: { role: 'assistant', content: t }, finish_reason: fin } : { index: 0, text: t, finish_reason: fin };
		const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
		rec.status = 200;

		if (body.stream !== true) {
			if (fault?.kind === 'slow-first-token') await wait(fault.ms);
			if (res.destroyed) return;
			res.writeHead(200, { 'content-type': 'application/json' });
			if (fault?.kind === 'malformed') return void res.end('{"choices": [{"text": "oops"');
			return void res.end(JSON.stringify({ ...base, object: chat ? 'chat.completion' : 'text_completion', choices: [choice(pieces.join(''), finish, true)], ...(wantsUsage ? { usage } : {}) }));
		}

		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		res.write(': keep-alive\n\n');
		// Each event goes out in two writes split mid-way through its bytes, so clients must reassemble lines and
		// UTF-8 sequences across network chunks.
		const send = (obj: unknown): void => {
			const bytes = Buffer.from(`data: ${JSON.stringify(obj)}\n\n`);
			const cut = Math.floor(bytes.length / 2);
			res.write(bytes.subarray(0, cut));
			res.write(bytes.subarray(cut));
		};
		if (fault?.kind === 'slow-first-token') await wait(fault.ms);
		if (fault?.kind === 'malformed') return void res.end('data: {"choices": [{"text": "oo\n\n');
		const object = chat ? 'chat.completion.chunk' : 'text_completion';
		for (let i = 0; i < pieces.length; i++) {
			if (res.destroyed) return;
			if (fault?.kind === 'cut' && i === (fault.afterPieces ?? 1)) return void (fault.abrupt ? res.destroy() : res.end());
			send({ ...base, object, choices: [choice(pieces[i], null, false)] });
			if (opts.pieceDelayMs) await wait(opts.pieceDelayMs);
		}
		send({ ...base, object, choices: [choice('', finish, false)] });
		const so = body.stream_options as { include_usage?: boolean } | undefined;
		if (wantsUsage && so?.include_usage) send({ ...base, object, choices: [], usage });
		res.end('data: [DONE]\n\n');
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((e: unknown) => {
			if (!res.headersSent) json(res, 500, apiError(String(e), null, 'server_error'));
			else res.destroy();
		});
	});
	await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		get maxInFlight() {
			return maxInFlight;
		},
		setFaults(list) {
			faults = [...list];
		},
		close() {
			server.closeAllConnections();
			return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
		}
	};
}
