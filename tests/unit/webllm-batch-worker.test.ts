// Batched answers through the real worker protocol (client → serveWebLlmWorker → BatchAnswerer) over the web-llm
// fake carrying the batch library functions: every answer must equal the engine's own one-at-a-time answer.
import { describe, expect, it } from 'vitest';
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { parseRequest } from '$lib/engines/webllm/protocol';
import { filmModel } from '$lib/engines/webllm/models';
import type { BatchGeneration } from '$lib/engines/engine';
import { makeFakeWebLlm, type FakeOptions } from '../fakes/web-llm';
import { inProcessWorker } from '../fakes/web-llm/in-process-worker';

const PREFIX = '[INST] Below is a context.\n\n### Context:\nalpha beta gamma delta epsilon zeta';
const QUESTIONS = ['first?', 'last?', 'third?', 'what is second?', 'zeta?', 'why?', 'who?'].map((q) => `\n\n### Q: ${q} [/INST]`);
const spec = filmModel('q4f32_1', 'http://localhost:8000/FILM-7B-q4f32_1');

async function engineWith(opts: FakeOptions = {}, reuse: 'auto' | 'off' = 'auto') {
	const mod = makeFakeWebLlm(opts);
	const { worker, sent } = inProcessWorker(mod);
	const engine = createWebLlmEngine(worker, { reuse });
	await engine.load(spec, { contextWindow: 2048 });
	return { engine, sent };
}

type E = Awaited<ReturnType<typeof engineWith>>['engine'];

async function oneAtATime(engine: E, maxTokens = 12, stop?: string[]) {
	const out = [];
	for (const q of QUESTIONS) out.push(await engine.generate({ prompt: PREFIX + q, prefix: PREFIX, maxTokens, stop }));
	return out;
}

async function batched(engine: E, o: { expected?: (i: number) => string | undefined; maxTokens?: number; stop?: string[]; maxB?: number; drafts?: boolean; signal?: AbortSignal } = {}) {
	const got: (BatchGeneration | undefined)[] = [];
	const order: number[] = [];
	const outcome = await engine.generateBatch({
		prefix: PREFIX,
		items: QUESTIONS.map((q, i) => ({ prompt: PREFIX + q, maxTokens: o.maxTokens ?? 12, stop: o.stop, expected: o.expected?.(i) })),
		drafts: o.drafts,
		maxB: o.maxB ?? 3,
		signal: o.signal,
		onItem: (i, g) => {
			order.push(i);
			got[i] = g;
		}
	});
	return { outcome, got, order };
}

const BATCH = { batch: { chunk: 256 } };

describe('answerBatch through the WebLLM worker', () => {
	it('answers every question exactly as one at a time, on verify with drafts, and says how in its details', async () => {
		const { engine } = await engineWith(BATCH);
		const ref = await oneAtATime(engine);
		// The fake's character tokenizer needs no leading space (Mistral's does: see runner/expected.ts).
		const right = await batched(engine, { expected: (i) => ref[i].text });
		expect(right.outcome.path).toBe('batch:verify');
		expect(right.outcome.fallback).toBeNull();
		expect(right.outcome.B).toBe(3);
		expect(right.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
		expect(right.got.map((g) => g?.finishReason)).toEqual(ref.map((g) => g.finishReason));
		expect(right.got.every((g) => g?.path === 'batch:verify')).toBe(true);
		// Drafts went through verify and were kept in part: the fake's characters 132–139 decode to nothing, so an
		// answer holding one does not come back from its text (batch-session tests cover acceptance token by token).
		const fed = right.got.reduce((s, g) => s + g!.draftFed, 0);
		const kept = right.got.reduce((s, g) => s + g!.draftAccepted, 0);
		expect(fed).toBeGreaterThan(0);
		expect(kept).toBeGreaterThan(fed / 4);
		expect(kept).toBeLessThanOrEqual(fed);
		expect(right.outcome.details).toMatchObject({ batchPath: 'batch:verify', batchCheckQuestionPath: 'verify', batchB: 3 });
		// Order of arrival is the batch's, not the question order; the result holds them all.
		expect([...right.order].sort((a, b) => a - b)).toEqual(QUESTIONS.map((_, i) => i));
		// Wrong drafts and no drafts: the same answers.
		const wrong = await batched(engine, { expected: () => ' zzz qqq' });
		const none = await batched(engine, { drafts: false, expected: (i) => ' ' + ref[i].text });
		expect(wrong.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
		expect(none.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
		expect(none.got.every((g) => g!.draftFed === 0)).toBe(true);
	});

	it('keeps stop strings and token limits per answer', async () => {
		const { engine } = await engineWith(BATCH);
		const ref = await oneAtATime(engine, 5, ['a', 'e']);
		const got = await batched(engine, { maxTokens: 5, stop: ['a', 'e'], expected: (i) => ' ' + ref[i].text + 'a tail' });
		expect(got.got.map((g) => [g?.text, g?.finishReason])).toEqual(ref.map((g) => [g.text, g.finishReason]));
	});

	it('falls back to questions fed by decode steps where verify is wrong on this device', async () => {
		const { engine } = await engineWith({ batch: { chunk: 256, brokenVerify: true } });
		const ref = await oneAtATime(engine);
		const got = await batched(engine, { expected: (i) => ' ' + ref[i].text });
		expect(got.outcome.path).toBe('batch:decode-steps');
		expect(got.outcome.details.batchCheckQuestionPath).toBe('decode-steps');
		expect(Number(got.outcome.details.batchCheckVerifyDiff)).toBeGreaterThan(Number(got.outcome.details.batchCheckBound));
		expect(got.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
	});

	it('answers one at a time, and says why, where the model lacks the batch functions', async () => {
		const { engine } = await engineWith({});
		const ref = await oneAtATime(engine);
		const got = await batched(engine);
		expect(got.outcome.path).toBe('prefix-reuse:chunk');
		expect(got.outcome.fallback).toMatch(/lacks what batches need/);
		expect(got.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
		// Reuse off: the fallback prefills every prompt whole, as generate would.
		const off = await engineWith({}, 'off');
		const full = await batched(off.engine);
		expect(full.outcome.path).toBe('full-prefill');
		expect(full.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
	});

	it('stops on abort: unfinished answers come back marked abort, and the engine answers normally afterwards', async () => {
		const { engine } = await engineWith(BATCH);
		const ref = await oneAtATime(engine);
		const ctrl = new AbortController();
		let n = 0;
		const got: BatchGeneration[] = [];
		await engine.generateBatch({
			prefix: PREFIX,
			items: QUESTIONS.map((q) => ({ prompt: PREFIX + q, maxTokens: 12 })),
			maxB: 2,
			signal: ctrl.signal,
			onItem: (_, g) => {
				got.push(g);
				if (++n === 2) ctrl.abort();
			}
		});
		expect(got.some((g) => g.finishReason === 'abort')).toBe(true);
		const again = await batched(engine);
		expect(again.got.map((g) => g?.text)).toEqual(ref.map((g) => g.text));
	});

	it('rejects malformed batch requests at the worker boundary', () => {
		const ok = { type: 'answerBatch', id: 1, req: { prefix: 'a', drafts: true, questionPath: 'auto', items: [{ prompt: 'ab', maxTokens: 2 }] } };
		expect(parseRequest(ok)).not.toBeNull();
		for (const bad of [
			{ ...ok, req: { ...ok.req, items: [] } },
			{ ...ok, req: { ...ok.req, questionPath: 'fast' } },
			{ ...ok, req: { ...ok.req, items: [{ prompt: 'ab', maxTokens: 0 }] } },
			{ ...ok, req: { ...ok.req, items: [{ prompt: 'ab', maxTokens: 2, expected: 5 }] } },
			{ ...ok, req: { ...ok.req, maxB: 0 } }
		])
			expect(parseRequest(bad)).toBeNull();
	});
});
