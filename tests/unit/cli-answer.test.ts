import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAiTestServer, type OpenAiTestServer } from '../helpers/openai-server';
import { answerCommand } from '../../cli/commands/answer';
import { FILM_MINI, gold, rows, type FixtureRow } from '../helpers/film-mini';

const PROBES = FILM_MINI.pathname;
const KEY = 'sk-cli-secret-0123456789';

let dir: string;
let out: string;
let server: OpenAiTestServer | undefined;
let logs: string[];
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'cli-answer-'));
	out = join(dir, 'answers.jsonl');
	logs = [];
});
afterEach(async () => {
	await server?.close();
	server = undefined;
	rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string> = { TEST_KEY: KEY }, signal?: AbortSignal) =>
	answerCommand(args, { env, log: (l) => logs.push(l), signal });
const openaiArgs = (extra: string[] = []) => ['--probes', PROBES, '--out', out, '--engine', 'openai', '--base-url', server!.url, '--model', 'film-test', '--api-key-env', 'TEST_KEY', ...extra];
const answers = () =>
	readFileSync(out, 'utf8')
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => JSON.parse(l) as { id: string; samples: string[]; usage: unknown; timings: unknown });
const byId = () => new Map(answers().map((a) => [a.id, a.samples[0]]));
const perPrompt = (r: FixtureRow) => server!.requests.filter((q) => q.prompt === r.prompt && q.status === 200 && !q.fault).length;

describe('probe answer', () => {
	it('answers every probe with the oracle', async () => {
		expect(await run(['--probes', PROBES, '--out', out, '--engine', 'oracle'])).toBe(0);
		expect(answers().map((a) => a.id)).toEqual(rows.map((r) => r.id));
		for (const r of rows) expect(byId().get(r.id), r.id).toBe(gold(r));
	});

	it('answers every probe through an OpenAI-compatible server, faults included, once each, key never printed', async () => {
		server = await startOpenAiTestServer({ apiKey: KEY });
		server.setFaults([{ kind: 'rate-limit', retryAfter: 0 }, { kind: 'server-error' }, { kind: 'cut', afterPieces: 2 }, { kind: 'cut', afterPieces: 1, abrupt: true }]);
		expect(await run(openaiArgs(['--concurrency', '3']))).toBe(0);
		const a = answers();
		expect(a.map((x) => x.id).sort()).toEqual(rows.map((r) => r.id).sort());
		for (const r of rows) {
			expect(byId().get(r.id), r.id).toBe(gold(r));
			expect(perPrompt(r), r.id).toBe(1);
		}
		expect(a[0]).toMatchObject({ usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number) }, timings: { ttftMs: expect.any(Number) } });
		expect(server.maxInFlight).toBeLessThanOrEqual(3);
		expect(logs.join('\n')).not.toContain(KEY);
		expect(readFileSync(out, 'utf8')).not.toContain(KEY);
	});

	it('resumes: skips ids already answered, drops a torn last line, and writes no duplicates', async () => {
		server = await startOpenAiTestServer({ apiKey: KEY });
		const done = rows.slice(0, 5).map((r) => JSON.stringify({ id: r.id, samples: [gold(r)], usage: null, timings: null }));
		writeFileSync(out, done.join('\n') + '\n' + '{"id":"' + rows[5].id + '","samp');
		expect(await run(openaiArgs())).toBe(0);
		expect(logs.join('\n')).toMatch(/5 already in .*torn/);
		const ids = answers().map((a) => a.id);
		expect(ids).toHaveLength(rows.length);
		expect(new Set(ids).size).toBe(rows.length);
		expect(server.requests).toHaveLength(rows.length - 5);
		for (const r of rows.slice(0, 5)) expect(perPrompt(r)).toBe(0);
		// A second rerun has nothing left to do.
		expect(await run(openaiArgs())).toBe(0);
		expect(server.requests).toHaveLength(rows.length - 5);
		expect(answers()).toHaveLength(rows.length);
	});

	it('stops cleanly when interrupted, and a rerun completes without duplicates', async () => {
		server = await startOpenAiTestServer({ apiKey: KEY, pieceDelayMs: 20 });
		const stop = new AbortController();
		const first = run(openaiArgs(['--concurrency', '2']), undefined, stop.signal);
		for (let i = 0; i < 500 && server.requests.length < 6; i++) await new Promise((r) => setTimeout(r, 10));
		stop.abort();
		expect(await first).toBe(130);
		const partial = answers().length;
		expect(partial).toBeLessThan(rows.length);
		expect(await run(openaiArgs())).toBe(0);
		const ids = answers().map((a) => a.id);
		expect(new Set(ids).size).toBe(rows.length);
		expect(ids).toHaveLength(rows.length);
	});

	it('falls back to chat on a server without /completions', async () => {
		server = await startOpenAiTestServer({ apiKey: KEY, completions: false });
		expect(await run(openaiArgs())).toBe(0);
		for (const r of rows) expect(byId().get(r.id)).toBe(gold(r));
		expect(server.requests.filter((q) => q.path === '/v1/completions')).toHaveLength(1);
	});

	it('stops at a refused key without retrying, and says so without printing the key', async () => {
		server = await startOpenAiTestServer({ apiKey: 'sk-the-right-one-000' });
		expect(await run(openaiArgs(['--concurrency', '1']))).toBe(1);
		expect(server.requests).toHaveLength(1);
		expect(answers()).toHaveLength(0);
		const text = logs.join('\n');
		expect(text).toMatch(/stopped \(auth\)/);
		expect(text).not.toContain(KEY);
	});

	it('keeps going past a probe that keeps failing, but stops when every probe fails', async () => {
		server = await startOpenAiTestServer({ apiKey: KEY });
		server.setFaults([{ kind: 'malformed' }]);
		expect(await run(openaiArgs(['--concurrency', '1']))).toBe(1);
		expect(answers()).toHaveLength(rows.length - 1);
		expect(logs.join('\n')).toMatch(/failed \(bad-response\)[\s\S]*16 answered, 1 failed/);
		rmSync(out);
		server.setFaults(Array.from({ length: rows.length }, () => ({ kind: 'malformed' as const })));
		logs = [];
		expect(await run(openaiArgs(['--concurrency', '1']))).toBe(1);
		expect(server.requests.filter((q) => q.fault === 'malformed')).toHaveLength(1 + 10);
		expect(logs.join('\n')).toMatch(/stopped \(bad-response\): 10 probes failed in a row/);
	});

	it('names the offending option on bad input', async () => {
		const cases: Array<[string[], RegExp]> = [
			[['--out', out, '--engine', 'oracle'], /--probes is required/],
			[['--probes', PROBES, '--out', out, '--engine', 'gpt'], /--engine must be one of oracle, openai/],
			[['--probes', PROBES, '--out', out, '--engine', 'oracle', '--concurrency', '0'], /--concurrency must be a whole number/],
			[['--probes', PROBES, '--out', out, '--engine', 'oracle', '--max-tokens', 'many'], /--max-tokens must be a whole number/],
			[['--probes', PROBES, '--out', out, '--engine', 'oracle', '--temperature', '1'], /unknown option --temperature/],
			[['--probes', join(dir, 'missing.jsonl'), '--out', out, '--engine', 'oracle'], /--probes .*no such file/],
			[['--probes', PROBES, '--out', out, '--engine', 'openai', '--model', 'm'], /--base-url is required/],
			[['--probes', PROBES, '--out', out, '--engine', 'openai', '--base-url', 'ftp://x', '--model', 'm'], /--base-url: /],
			[['--probes', PROBES, '--out', out, '--engine', 'openai', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--api-key-env', 'NOPE'], /--api-key-env NOPE/]
		];
		for (const [args, message] of cases) {
			logs = [];
			expect(await run(args, {}), args.join(' ')).toBe(2);
			expect(logs.join('\n'), args.join(' ')).toMatch(message);
		}
		writeFileSync(join(dir, 'bad.jsonl'), '{"id":"a","prompt":"p"}\n{"id":"a","prompt":"q"}\n');
		logs = [];
		expect(await run(['--probes', join(dir, 'bad.jsonl'), '--out', out, '--engine', 'oracle'])).toBe(2);
		expect(logs.join('\n')).toMatch(/bad.jsonl:2: id "a" appears twice/);
	});
});
