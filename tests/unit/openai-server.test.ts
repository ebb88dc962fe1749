import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAiTestServer, type OpenAiTestServer } from '../helpers/openai-server';
import { forgetChance, forgetfulAnswerer, locateAnswer, oracleAnswer, UNKNOWN_ANSWER } from '../helpers/openai-server-answer';
import { filmPrompt } from '$lib/tasks/prompt';
import { gold, rows, type FixtureRow } from '../helpers/film-mini';


/** A database context of `n` entities, asked about each position in turn. */
function databasePrompts(n: number): string[] {
	const items = Array.from({ length: n }, (_, i) => `<id: Q${1000 + i}, label: Entity ${i}, description: thing number ${i}>`);
	return items.map((_, i) => filmPrompt(items.join(' '), `In above context , what is the label and description for the query where the id is Q${1000 + i} ?`));
}

describe('test server answerer', () => {
	it('answers every fixture probe (document, code, database) like a perfect reader', () => {
		for (const r of rows) expect(oracleAnswer(r.prompt), r.id).toBe(gold(r));
		expect(oracleAnswer('What is the capital of France?')).toBe(UNKNOWN_ANSWER);
	});

	it('forgets only inside the middle window, the same way for the same prompt, most often at the centre', () => {
		expect(forgetChance(0.1)).toBe(0);
		expect(forgetChance(0.9)).toBe(0);
		expect(forgetChance(0.5)).toBeCloseTo(0.6);
		expect(forgetChance(0.3)).toBeLessThan(forgetChance(0.5));
		const prompts = databasePrompts(200);
		const answer = forgetfulAnswerer({ probability: 0.8, seed: 7 });
		const right = prompts.map((p) => answer(p) === oracleAnswer(p));
		expect(prompts.map((p) => answer(p) === oracleAnswer(p))).toEqual(right);
		const rate = (from: number, to: number) => right.slice(from, to).filter(Boolean).length / (to - from);
		expect(rate(0, 40)).toBe(1);
		expect(rate(170, 200)).toBe(1);
		expect(rate(80, 120)).toBeLessThan(0.7);
		expect(locateAnswer(prompts[100])!.fraction).toBeGreaterThan(0.45);
	});
});

describe('OpenAI-compatible test server', () => {
	let server: OpenAiTestServer;
	afterEach(async () => server?.close());

	it('lists models, checks the key and answers without streaming', async () => {
		server = await startOpenAiTestServer({ apiKey: 'sk-good-key', models: ['a', 'b'] });
		const auth = { authorization: 'Bearer sk-good-key', 'content-type': 'application/json' };
		const models = await (await fetch(`${server.url}/models`, { headers: auth })).json();
		expect(models.data.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
		const denied = await fetch(`${server.url}/models`, { headers: { authorization: 'Bearer wrong' } });
		expect(denied.status).toBe(401);
		const res = await fetch(`${server.url}/completions`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'a', prompt: rows[0].prompt, max_tokens: 3 }) });
		const body = await res.json();
		expect(body.choices[0].text).toBe(gold(rows[0]).split(' ').slice(0, 3).join(' '));
		expect(body.choices[0].finish_reason).toBe('length');
		expect(body.usage.completion_tokens).toBe(3);
		const chat = await fetch(`${server.url}/chat/completions`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ model: 'b', messages: [{ role: 'user', content: rows[7].prompt }], stop: ['_'] })
		});
		expect((await chat.json()).choices[0].message.content).toBe(gold(rows[7]).split('_')[0]);
		expect(server.requests.map((r) => r.status)).toEqual([200, 401, 200, 200]);
	});

	it('serves faults in order, and a chat-only mode', async () => {
		server = await startOpenAiTestServer({ completions: false });
		server.setFaults([{ kind: 'rate-limit', retryAfter: 3 }, { kind: 'server-error', status: 503 }]);
		const post = (path: string) =>
			fetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify({ model: 'film-test', messages: [{ role: 'user', content: 'hi' }] }) });
		const limited = await post('/chat/completions');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('3');
		expect((await post('/chat/completions')).status).toBe(503);
		expect((await post('/chat/completions')).status).toBe(200);
		expect((await post('/completions')).status).toBe(404);
		expect(server.requests.map((r) => r.fault ?? null)).toEqual(['rate-limit', 'server-error', null, null]);
	});

	it('answers CORS preflights only when asked to', async () => {
		server = await startOpenAiTestServer({ cors: true });
		const pre = await fetch(`${server.url}/chat/completions`, { method: 'OPTIONS' });
		expect(pre.status).toBe(204);
		expect(pre.headers.get('access-control-allow-origin')).toBe('*');
		expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
		await server.close();
		server = await startOpenAiTestServer();
		const plain = await fetch(`${server.url}/models`);
		expect(plain.headers.get('access-control-allow-origin')).toBeNull();
	});
});
