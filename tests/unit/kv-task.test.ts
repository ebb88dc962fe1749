// The key–value task, added through the registry alone: its plan (seeded, token-exact, every key once and asked
// at every position), its scoring, the reference at 100, a share link's round trip and the CLI.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import { buildKvPlan, kvScore, renderRecord, seededUuid } from '$lib/tasks/kv';
import { createRng } from '$lib/tasks/rng';
import { referenceAnswerer, scoreGold, taskSpec } from '$lib/tasks/registry';
import { createOracleEngine } from '$lib/engines/oracle';
import { executeRun } from '$lib/runner/execute';
import { memorySink } from '$lib/runner/sink';
import { planDigest } from '$lib/runner/plan-digest';
import { buildPlan, taskOptions } from '$lib/app/plans';
import { decodeSettings, encodeSettings } from '$lib/app/share';
import { presetSettings, settingsProblems, type RunSettings } from '$lib/app/settings';
import { validateAnswer } from '$lib/store/validate';
import { answersCsv } from '$lib/store/export/csv';
import { fullPrompt } from '$lib/tasks/prompt';
import type { ProbePlan } from '$lib/types';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import { main } from '../../cli/probe';

let tok: TextTokenizer;
beforeAll(async () => {
	tok = await nodeMistralTokenizer();
});

const deps = () => ({ pools: nodePools, tokenizer: nodeMistralTokenizer });

describe('key–value plan', () => {
	it('serializes a JSON object of UUID pairs and asks every key once, at every position', () => {
		const plan = buildKvPlan(tok, { contextTokens: 4096, sets: 2, seed: 3, verify: true });
		expect(plan.task).toBe('kv');
		expect(plan.contexts).toHaveLength(2);
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		for (const ctx of plan.contexts) {
			const object = JSON.parse(ctx.prefix.slice(ctx.prefix.indexOf('### Context:\n') + 13)) as Record<string, string>;
			const keys = Object.keys(object);
			expect(keys.length).toBe(ctx.itemCount);
			expect(keys.length).toBeGreaterThan(40);
			const probes = plan.probes.filter((p) => p.contextId === ctx.id);
			expect(probes.map((p) => p.positionId)).toEqual(keys.map((_, i) => i));
			expect(probes.map((p) => p.key)).toEqual(keys);
			for (const p of probes) {
				expect(p.key).toMatch(uuid);
				expect(p.gold).toEqual({ kind: 'kv', value: object[p.key] });
				expect(ctx.prefix.split(p.key)).toHaveLength(2);
			}
		}
		// Keys and values never repeat, across the objects of a plan either.
		const all = plan.contexts.flatMap((c) => [...c.prefix.matchAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g)].map((m) => m[0]));
		expect(new Set(all).size).toBe(all.length);
	});

	it('counts tokens exactly: prompt lengths, record offsets, and every prompt inside the window', () => {
		const plan = buildKvPlan(tok, { contextTokens: 4096, sets: 1, seed: 1 });
		const ctx = plan.contexts[0];
		for (const p of plan.probes.filter((_, i) => i % 9 === 0)) {
			expect(p.promptTokens).toBe(1 + tok.encode(fullPrompt(ctx, p)).length);
			const start = ctx.itemCharOffsets![p.positionId];
			expect(ctx.prefix.startsWith(p.positionId === 0 ? `{"${p.key}"` : ` "${p.key}"`, start)).toBe(true);
			expect(p.tokenOffset).toBe(1 + tok.encode(ctx.prefix.slice(0, start)).length);
		}
		expect(ctx.prefixTokens).toBe(1 + tok.encode(ctx.prefix).length);
		expect(Math.max(...plan.probes.map((p) => p.promptTokens + p.maxNewTokens))).toBeLessThanOrEqual(4096);
	});

	it('gives the same plan for the same seed, and another for another seed', async () => {
		const a = buildKvPlan(tok, { contextTokens: 2048, sets: 2, seed: 5 });
		const b = buildKvPlan(tok, { contextTokens: 2048, sets: 2, seed: 5 });
		const c = buildKvPlan(tok, { contextTokens: 2048, sets: 2, seed: 6 });
		expect(await planDigest(a)).toBe(await planDigest(b));
		expect(await planDigest(c)).not.toBe(await planDigest(a));
		expect(seededUuid(createRng('x'))).toBe(seededUuid(createRng('x')));
	});

	it('asks a spread of positions, takes a fixed key count, and says what does not fit', () => {
		const few = buildKvPlan(tok, { contextTokens: 4096, sets: 1, positions: 5 });
		const n = few.contexts[0].itemCount;
		expect(few.probes).toHaveLength(5);
		expect(few.probes[0].positionId).toBe(0);
		expect(few.probes[4].positionId).toBe(n - 1);
		expect(buildKvPlan(tok, { contextTokens: 4096, sets: 1, keys: 10 }).contexts[0].itemCount).toBe(10);
		expect(() => buildKvPlan(tok, { contextTokens: 2048, keys: 200 })).toThrow(/--keys 200 do not fit in --context-tokens 2048/);
		expect(() => buildKvPlan(tok, { contextTokens: 200 })).toThrow(/too small/);
		expect(() => buildKvPlan(tok, { sets: 0 })).toThrow(/--sets must be a positive integer/);
	});

	it('renders records so that the object is valid JSON whatever its size', () => {
		const text = [0, 1, 2].map((i) => renderRecord(`k${i}`, `v${i}`, i, 3)).join('');
		expect(JSON.parse(text)).toEqual({ k0: 'v0', k1: 'v1', k2: 'v2' });
		expect(JSON.parse(renderRecord('a', 'b', 0, 1))).toEqual({ a: 'b' });
	});
});

describe('key–value scoring', () => {
	const value = '37aa2529-ee65-49f5-b9ea-76f98508a7f4';
	it('counts the whole value, in any case and any wording, and nothing less', () => {
		expect(kvScore(value, value)).toBe(1);
		expect(kvScore(value, `The value is "${value.toUpperCase()}".`)).toBe(1);
		expect(kvScore(value, value.slice(0, 35))).toBe(0);
		expect(kvScore(value, '85553896-2887-4399-80ff-347f844915a6')).toBe(0);
		expect(kvScore(value, '')).toBe(0);
		expect(kvScore('', 'anything')).toBe(0);
		expect(scoreGold({ kind: 'kv', value }, ` ${value}`)).toBe(1);
	});

	it('is stored, validated and exported like every other gold', () => {
		const answer = {
			schemaVersion: 1,
			runId: 'r',
			probeId: 'kv-s0-p0',
			task: 'kv',
			setId: 0,
			positionId: 0,
			index: 0,
			contextId: 'kv-s0',
			tokenOffset: 40,
			gold: { kind: 'kv', value },
			text: value,
			score: 1,
			at: '2026-01-01T00:00:00.000Z'
		};
		expect(validateAnswer(answer).ok).toBe(true);
		expect(validateAnswer({ ...answer, gold: { kind: 'kv' } }).ok).toBe(false);
		const run = { id: 'r', tasks: [{ task: 'kv' }] } as never;
		expect(answersCsv(run, [answer as never]).split('\r\n')[1]).toContain(`,${value},${value},`);
		expect(taskSpec('kv').expected({ kind: 'kv', value })).toBe(' ' + value);
	});
});

describe('the reference on key–value retrieval', () => {
	async function runReference(plan: ProbePlan, withPlan: boolean) {
		const sink = memorySink();
		const outcome = await executeRun({ runId: 'r', plans: [plan], engine: createOracleEngine(referenceAnswerer(withPlan ? [plan] : [])), sink });
		if (outcome.status !== 'complete') throw new Error(outcome.status);
		return outcome.results.kv!;
	}

	it('scores 100 Avg / 0 Gap through the runner, with or without the plan at hand', async () => {
		const plan = buildKvPlan(tok, { contextTokens: 8192, sets: 2 });
		for (const withPlan of [true, false]) {
			const r = await runReference(plan, withPlan);
			expect(r.scored).toBe(plan.probes.length);
			expect(r.avg).toBe(100);
			expect(r.gap).toBe(0);
		}
	});

	it('says nothing for a key that is missing or repeated', () => {
		const answer = referenceAnswerer();
		const ask = (object: string, key: string) =>
			answer(`[INST] x\n\n### Context:\n${object}\n\n### Instruction:\nIn the JSON object above, what is the value for the key "${key}"? [/INST]`);
		expect(ask('{"a-1": "b-1",\n "a-2": "b-2"}', 'a-2')).toBe('b-2');
		expect(ask('{"a-1": "b-1"}', 'a-3')).toBe('');
		expect(ask('{"a-1": "b-1",\n "a-1": "b-2"}', 'a-1')).toBe('');
	});
});

describe('key–value in the app', () => {
	it('travels in a share link and rebuilds the same plan from the decoded settings', async () => {
		const s: RunSettings = { ...presetSettings('quick'), preset: 'custom', tasks: ['kv'], sets: 2, positions: 8, contextTokens: 4096, seed: 11 };
		expect(settingsProblems(s)).toEqual({});
		const back = decodeSettings(new URLSearchParams(encodeSettings(s).toString()));
		expect(back).toEqual({ settings: s, ignored: [] });
		expect(taskOptions(back.settings, 'kv')).toEqual({ sets: 2, contextTokens: 4096, seed: 11, positions: 8 });
		const [a, b] = await Promise.all([buildPlan('kv', taskOptions(s, 'kv'), deps()), buildPlan('kv', taskOptions(back.settings, 'kv'), deps())]);
		expect(a.probes).toHaveLength(16);
		expect(await planDigest(a)).toBe(await planDigest(b));
	});
});

describe('key–value on the command line', () => {
	let dir: string;
	let err: string[] = [];
	let out: string[] = [];
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'probe-kv-'));
		vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
		vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
	});
	afterAll(() => {
		vi.restoreAllMocks();
		rmSync(dir, { recursive: true, force: true });
	});

	it('builds, answers with the reference and scores 100', async () => {
		const probes = join(dir, 'kv.jsonl');
		const answers = join(dir, 'kv-answers.jsonl');
		expect(await main(['build', '--task', 'kv', '--context-tokens', '4096', '--sets', '1', '--seed', '2', '--out', probes])).toBe(0);
		expect(err.join('')).toMatch(/wrote \d+ kv probes over 1 contexts/);
		const rows = readFileSync(probes, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
		expect(rows[0]).toMatchObject({ task: 'kv', set_id: 0, position_id: 0 });
		expect(rows[0].completion).toMatch(/^[0-9a-f-]{36}$/);
		expect(await main(['answer', '--probes', probes, '--engine', 'oracle', '--out', answers])).toBe(0);
		out = [];
		expect(await main(['score', '--probes', probes, '--answers', answers, '--json'])).toBe(0);
		expect(JSON.parse(out.join('').trim())).toMatchObject({ task: 'kv', avg: 100, gap: 0, scored: rows.length, skipped: 0 });
	});
});
