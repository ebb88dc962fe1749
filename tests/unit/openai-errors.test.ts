import { describe, expect, it } from 'vitest';
import { completionsUnsupported, fetchFailure, httpError, readErrorBody, redact } from '$lib/engines/openai/errors';

const KEY = 'sk-test-0123456789abcdef';
const ctx = { host: 'api.example.com', model: 'film-7b', retryAfterMs: null, secrets: [KEY] };

describe('redact', () => {
	it('removes the key, bearer tokens and sk- shaped keys from text', () => {
		const text = `key ${KEY} header "Authorization: Bearer abc.def" other sk-proj-ZZZZZZZZZZZZ end`;
		const out = redact(text, [KEY]);
		expect(out).not.toContain(KEY);
		expect(out).not.toContain('abc.def');
		expect(out).not.toContain('sk-proj-ZZZZZZZZZZZZ');
		expect(out).toContain('[redacted]');
		expect(redact('nothing secret here', [undefined])).toBe('nothing secret here');
	});
});

describe('error bodies', () => {
	it('reads the shapes servers send', () => {
		expect(readErrorBody('{"error":{"message":"m","code":"c","type":"t"}}')).toEqual({ message: 'm', code: 'c', type: 't' });
		expect(readErrorBody('{"error":"plain"}').message).toBe('plain');
		expect(readErrorBody('{"detail":"Not Found"}').message).toBe('Not Found');
		expect(readErrorBody('<html>502 Bad Gateway</html>').message).toBe('<html>502 Bad Gateway</html>');
	});

	it('tells "completions not offered" apart from "no such model"', () => {
		const body = (message: string, code = '') => ({ message, code, type: '' });
		expect(completionsUnsupported(404, body('This is a chat model and not supported in the v1/completions endpoint.'))).toBe(true);
		expect(completionsUnsupported(404, body(''))).toBe(true);
		expect(completionsUnsupported(405, body('Method Not Allowed'))).toBe(true);
		expect(completionsUnsupported(400, body('completions are not supported for this model'))).toBe(true);
		expect(completionsUnsupported(404, body('The model `x` does not exist', 'model_not_found'))).toBe(false);
		expect(completionsUnsupported(400, body('max_tokens is too large'))).toBe(false);
		expect(completionsUnsupported(401, body('chat'))).toBe(false);
	});
});

describe('httpError', () => {
	it('gives each failure a kind the UI can act on, retryable only where a retry can help', () => {
		const kind = (status: number, body = '') => httpError(status, body, ctx);
		expect(kind(401)).toMatchObject({ kind: 'auth', retryable: false });
		expect(kind(403)).toMatchObject({ kind: 'auth', retryable: false });
		expect(kind(404, '{"error":{"message":"no model","code":"model_not_found"}}')).toMatchObject({ kind: 'not-found', retryable: false });
		expect(kind(429)).toMatchObject({ kind: 'rate-limit', retryable: true });
		expect(kind(429, '{"error":{"message":"You exceeded your quota","code":"insufficient_quota"}}')).toMatchObject({ kind: 'quota', retryable: false });
		expect(kind(402)).toMatchObject({ kind: 'quota' });
		expect(kind(500)).toMatchObject({ kind: 'network', retryable: true });
		expect(kind(503)).toMatchObject({ kind: 'network', retryable: true });
		expect(kind(400, '{"error":{"message":"maximum context length is 8192 tokens","code":"context_length_exceeded"}}')).toMatchObject({ kind: 'context-window' });
		expect(kind(400, '{"error":{"message":"bad temperature"}}')).toMatchObject({ kind: 'bad-response', retryable: false });
		expect(httpError(429, '', { ...ctx, retryAfterMs: 20_000 }).message).toContain('retry after 20 s');
	});

	it('names the model on a 404 and never repeats the key a server echoed', () => {
		const e = httpError(401, JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }), ctx);
		expect(e.message).not.toContain(KEY);
		expect(e.detail).not.toContain(KEY);
		expect(httpError(404, '', ctx).message).toContain('film-7b');
	});
});

describe('fetchFailure', () => {
	const base = { host: 'api.example.com', secrets: [KEY], origin: 'https://app.example' };
	it('explains a browser TypeError before any answer as a CORS refusal, naming the origin', () => {
		const e = fetchFailure(new TypeError('Failed to fetch'), { ...base, browser: true, everConnected: false });
		expect(e.kind).toBe('cors');
		expect(e.message).toContain('https://app.example');
		expect(e.message).toMatch(/proxy/);
	});
	it('treats it as a network blip once the endpoint has answered, and in Node', () => {
		expect(fetchFailure(new TypeError('Failed to fetch'), { ...base, browser: true, everConnected: true }).kind).toBe('network');
		const node = fetchFailure(new TypeError(`fetch failed for ${KEY}`), { ...base, browser: false, everConnected: false });
		expect(node).toMatchObject({ kind: 'network', retryable: true });
		expect(node.message).not.toContain(KEY);
	});
});
