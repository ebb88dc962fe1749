import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAiTestServer, type OpenAiTestServer, type OpenAiTestServerOptions } from '../helpers/openai-server';
import { createOpenAiEngine, type OpenAiEngineOptions } from '$lib/engines/openai/engine';
import { createSemaphore } from '$lib/engines/openai/semaphore';
import { listModels } from '$lib/engines/openai/models';
import { EngineError } from '$lib/engines/engine';
import { gold, rows, type FixtureRow } from '../helpers/film-mini';

const KEY = 'sk-test-key-0123456789';
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let server: OpenAiTestServer;
afterEach(async () => server?.close());

async function setup(serverOpts: OpenAiTestServerOptions = {}, engineOpts: Partial<OpenAiEngineOptions> = {}) {
	server = await startOpenAiTestServer({ apiKey: KEY, ...serverOpts });
	return createOpenAiEngine({ baseUrl: server.url, model: 'film-test', apiKey: KEY, retry: fast, ...engineOpts });
}

/** Generation requests (not /models) whose prompt is this row's, counted however they were sent. */
const sentFor = (r: FixtureRow) => server.requests.filter((q) => q.prompt !== undefined && r.prompt.includes(q.prompt));

async function caught(p: Promise<unknown>): Promise<EngineError> {
	try {
		await p;
	} catch (e) {
		expect(e).toBeInstanceOf(EngineError);
		return e as EngineError;
	}
	throw new Error('expected a rejection');
}

describe('OpenAI-compatible engine: happy paths', () => {
	it('sends the exact prompt to /completions, greedily, and streams the answer with usage and timings', async () => {
		const engine = await setup();
		const deltas: string[] = [];
		const g = await engine.generate({ prompt: rows[0].prompt, maxTokens: 128, stop: ['\n\n'], onText: (d) => deltas.push(d) });
		expect(g.text).toBe(gold(rows[0]));
		expect(deltas.join('')).toBe(g.text);
		expect(deltas.length).toBeGreaterThan(1);
		expect(g.path).toBe('http:completions');
		expect(g.finishReason).toBe('stop');
		expect(g.usage.completionTokens).toBe(deltas.length);
		expect(g.usage.promptTokens).toBe(rows[0].prompt.split(/\s+/).filter(Boolean).length);
		expect(g.timings.totalMs).toBeGreaterThanOrEqual(g.timings.ttftMs);
		const [req] = server.requests;
		expect(req.path).toBe('/v1/completions');
		expect(req.body).toMatchObject({ model: 'film-test', prompt: rows[0].prompt, max_tokens: 128, temperature: 0, top_p: 1, stream: true, stop: ['\n\n'], stream_options: { include_usage: true } });
		expect(engine.api).toBe('completions');
		expect(engine.info).toMatchObject({ kind: 'openai', modelId: 'film-test' });
	});

	it('answers every fixture probe exactly once at concurrency 4, never more than 4 in flight', async () => {
		const engine = await setup({ pieceDelayMs: 2 }, { concurrency: 4 });
		const out = await Promise.all(rows.map((r) => engine.generate({ prompt: r.prompt, maxTokens: 64 })));
		expect(out.map((g) => g.text)).toEqual(rows.map(gold));
		for (const r of rows) expect(sentFor(r)).toHaveLength(1);
		expect(server.maxInFlight).toBe(4);
	});

	it('shares one concurrency limit between engines through a common semaphore', async () => {
		const semaphore = createSemaphore(3);
		const a = await setup({ pieceDelayMs: 2 }, { semaphore });
		const b = createOpenAiEngine({ baseUrl: server.url, model: 'film-test', apiKey: KEY, semaphore });
		await Promise.all(rows.map((r, i) => (i % 2 ? a : b).generate({ prompt: r.prompt, maxTokens: 64 })));
		expect(server.maxInFlight).toBe(3);
	});

	it('falls back to chat when /completions is refused, probing once and remembering', async () => {
		const engine = await setup({ completions: false }, { concurrency: 4 });
		const out = await Promise.all(rows.slice(0, 8).map((r) => engine.generate({ prompt: r.prompt, maxTokens: 64 })));
		expect(out.map((g) => g.text)).toEqual(rows.slice(0, 8).map(gold));
		expect(out.every((g) => g.path === 'http:chat')).toBe(true);
		expect(engine.api).toBe('chat');
		expect(server.requests.filter((q) => q.path === '/v1/completions')).toHaveLength(1);
		const chat = server.requests.filter((q) => q.path === '/v1/chat/completions');
		expect(chat).toHaveLength(8);
		expect(chat[0].prompt!.startsWith('Below is a context')).toBe(true);
		expect(chat[0].prompt).not.toContain('[INST]');
	});

	it('counts tokens itself when the server reports no usage, and works without streaming', async () => {
		const engine = await setup({ usage: false }, { countTokens: (t) => t.length });
		const g = await engine.generate({ prompt: rows[12].prompt, maxTokens: 64 });
		expect(g.usage).toEqual({ promptTokens: rows[12].prompt.length, completionTokens: g.text.length });
		const counted = createOpenAiEngine({ baseUrl: server.url, model: 'film-test', apiKey: KEY });
		expect((await counted.generate({ prompt: rows[12].prompt, maxTokens: 64 })).usage.completionTokens).toBe(g.text.split(' ').length);
		const whole = createOpenAiEngine({ baseUrl: server.url, model: 'film-test', apiKey: KEY, stream: false });
		const w = await whole.generate({ prompt: rows[12].prompt, maxTokens: 2 });
		expect(w.text).toBe(gold(rows[12]).split(' ').slice(0, 2).join(' '));
		expect(w.finishReason).toBe('length');
		expect(server.requests.at(-1)!.stream).toBe(false);
	});

	it('lists the models and reports a bad key there too', async () => {
		await setup({ models: ['film-test', 'other'] });
		expect(await listModels(server.url, KEY)).toEqual(['film-test', 'other']);
		expect((await caught(listModels(server.url, 'sk-wrong-key-999999'))).kind).toBe('auth');
	});
});

describe('OpenAI-compatible engine: faults', () => {
	it('waits out a 429 for at least its Retry-After (seconds) before retrying', async () => {
		const engine = await setup();
		server.setFaults([{ kind: 'rate-limit', retryAfter: 1 }]);
		const g = await engine.generate({ prompt: rows[1].prompt, maxTokens: 64 });
		expect(g.text).toBe(gold(rows[1]));
		const [first, second] = server.requests;
		expect([first.status, second.status]).toEqual([429, 200]);
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
	});

	it('honours a Retry-After given as an HTTP date', async () => {
		const engine = await setup();
		const until = Math.ceil((Date.now() + 1500) / 1000) * 1000;
		server.setFaults([{ kind: 'rate-limit', retryAfter: new Date(until).toUTCString() }]);
		await engine.generate({ prompt: rows[1].prompt, maxTokens: 64 });
		expect(server.requests).toHaveLength(2);
		// Both clocks are this machine's; Date.now() may round a millisecond either way.
		expect(server.requests[1].at).toBeGreaterThanOrEqual(until - 2);
	});

	it('gives up at once when the Retry-After is longer than it is willing to wait', async () => {
		const engine = await setup({}, { retry: { ...fast, maxRetryAfterMs: 1000 } });
		server.setFaults([{ kind: 'rate-limit', retryAfter: 3600 }]);
		const e = await caught(engine.generate({ prompt: rows[1].prompt, maxTokens: 64 }));
		expect(e.kind).toBe('rate-limit');
		expect(e.message).toContain('3600 s');
		expect(server.requests).toHaveLength(1);
	});

	it('retries 5xx with backoff up to maxAttempts, then reports a network error', async () => {
		const engine = await setup({}, { retry: { ...fast, maxAttempts: 3 } });
		server.setFaults([{ kind: 'server-error' }, { kind: 'server-error', status: 502 }]);
		expect((await engine.generate({ prompt: rows[2].prompt, maxTokens: 64 })).text).toBe(gold(rows[2]));
		server.setFaults([{ kind: 'server-error' }, { kind: 'server-error' }, { kind: 'server-error' }, { kind: 'server-error' }]);
		const e = await caught(engine.generate({ prompt: rows[3].prompt, maxTokens: 64 }));
		expect(e.kind).toBe('network');
		expect(server.requests.map((q) => q.status)).toEqual([500, 502, 200, 500, 500, 500]);
	});

	it('does not retry a refused key, and never repeats the key the server echoed', async () => {
		server = await startOpenAiTestServer({ apiKey: KEY });
		const wrong = 'sk-wrong-key-abcdefghijkl';
		const engine = createOpenAiEngine({ baseUrl: server.url, model: 'film-test', apiKey: wrong, retry: fast });
		const e = await caught(engine.generate({ prompt: rows[0].prompt, maxTokens: 64 }));
		expect(e.kind).toBe('auth');
		expect(`${e.message} ${e.detail} ${e.stack}`).not.toContain(wrong);
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].path).toBe('/v1/completions');
	});

	it('reports an unknown model without retrying or falling back to chat', async () => {
		const engine = await setup({}, { model: 'no-such-model' });
		const e = await caught(engine.generate({ prompt: rows[0].prompt, maxTokens: 64 }));
		expect(e.kind).toBe('not-found');
		expect(e.message).toContain('no-such-model');
		expect(server.requests).toHaveLength(1);
	});

	it('retries a stream cut mid-answer from scratch: the text is whole, never doubled', async () => {
		const engine = await setup();
		for (const abrupt of [false, true]) {
			server.requests.length = 0;
			server.setFaults([{ kind: 'cut', afterPieces: 3, abrupt }]);
			const deltas: string[] = [];
			const g = await engine.generate({ prompt: rows[4].prompt, maxTokens: 64, onText: (d) => deltas.push(d) });
			expect(g.text).toBe(gold(rows[4]));
			expect(deltas.join('')).toBe(gold(rows[4]));
			expect(server.requests.map((q) => q.fault ?? 'ok')).toEqual(['cut', 'ok']);
		}
	});

	it('reports malformed JSON as a bad response, without retrying', async () => {
		const engine = await setup();
		server.setFaults([{ kind: 'malformed' }]);
		const e = await caught(engine.generate({ prompt: rows[0].prompt, maxTokens: 64 }));
		expect(e.kind).toBe('bad-response');
		expect(e.message).toMatch(/not OpenAI-compatible JSON/);
		expect(server.requests).toHaveLength(1);
	});

	it('times out a slow first token and retries', async () => {
		const engine = await setup({}, { timeouts: { firstTokenMs: 300 } });
		server.setFaults([{ kind: 'slow-first-token', ms: 3000 }]);
		const g = await engine.generate({ prompt: rows[5].prompt, maxTokens: 64 });
		expect(g.text).toBe(gold(rows[5]));
		expect(server.requests.map((q) => q.fault ?? 'ok')).toEqual(['slow-first-token', 'ok']);
	});

	it('stops on abort, mid-request and during a backoff wait', async () => {
		const engine = await setup();
		server.setFaults([{ kind: 'slow-first-token', ms: 20_000 }]);
		const c = new AbortController();
		const p = engine.generate({ prompt: rows[0].prompt, maxTokens: 64, signal: c.signal });
		for (let i = 0; i < 200 && server.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
		c.abort();
		expect((await caught(p)).kind).toBe('aborted');
		server.setFaults([{ kind: 'rate-limit', retryAfter: 60 }]);
		const c2 = new AbortController();
		const p2 = engine.generate({ prompt: rows[1].prompt, maxTokens: 64, signal: c2.signal });
		for (let i = 0; i < 200 && server.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
		c2.abort();
		expect((await caught(p2)).kind).toBe('aborted');
		expect(server.requests).toHaveLength(2);
		expect((await caught(engine.generate({ prompt: 'x', maxTokens: 8, signal: AbortSignal.abort() }))).kind).toBe('aborted');
	});

	it('survives a mix of faults across a concurrent run: every probe answered once, nothing lost or doubled', async () => {
		const engine = await setup({}, { concurrency: 4 });
		server.setFaults([
			{ kind: 'rate-limit', retryAfter: 0 },
			{ kind: 'server-error' },
			{ kind: 'cut', afterPieces: 1 },
			{ kind: 'rate-limit', retryAfter: 0 },
			{ kind: 'cut', afterPieces: 2, abrupt: true },
			{ kind: 'server-error', status: 503 }
		]);
		const out = await Promise.all(rows.map((r) => engine.generate({ prompt: r.prompt, maxTokens: 64 })));
		expect(out.map((g) => g.text)).toEqual(rows.map(gold));
		for (const r of rows) expect(sentFor(r).filter((q) => q.status === 200 && !q.fault), r.id).toHaveLength(1);
		expect(server.requests).toHaveLength(rows.length + 6);
	});
});
