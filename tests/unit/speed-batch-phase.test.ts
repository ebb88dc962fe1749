// The speed check's batch phase over the project's WebLLM engine (worker protocol, fake web-llm with the batch
// library functions): the same questions one at a time and batched, compared answer by answer.
import { describe, expect, it } from 'vitest';
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { filmModel } from '$lib/engines/webllm/models';
import { batchPrompts, oneAtATimeCheck, runBatchPhase } from '$lib/speed/batch-phase';
import { fnv1aHex } from '$lib/util/fnv';
import { parseSpeedParams, windowFor } from '$lib/speed/params';
import { predictBatched, predictChunkRun, predictRun } from '$lib/speed/predict';
import type { BatchPhaseParams, BatchPhaseRun, SpeedRow } from '$lib/speed/types';
import { makeFakeWebLlm, type FakeOptions } from '../fakes/web-llm';
import { inProcessWorker } from '../fakes/web-llm/in-process-worker';

const P: BatchPhaseParams = { questions: 9, contextTokens: 12, questionTokens: 3, answerTokens: 6, maxB: 4, modes: ['single', 'none', 'right'], vocabSize: 60, seed: 2 };

async function engineWith(opts: FakeOptions) {
	const { worker } = inProcessWorker(makeFakeWebLlm(opts));
	const engine = createWebLlmEngine(worker, { reuse: 'auto' });
	await engine.load(filmModel('q4f32_1', 'http://localhost:8000/FILM-7B-q4f32_1'), { contextWindow: 4096 });
	return engine;
}

describe('speed check: batch phase', () => {
	it('answers the same questions one at a time and batched, identical, and times each way apart from its context prefill', async () => {
		const engine = await engineWith({ batch: { chunk: 512 } });
		let t = 0;
		const r = await runBatchPhase(engine, P, { now: () => (t += 10) });
		expect(r.runs.map((x) => [x.mode, x.path])).toEqual([['single', 'prefix-reuse:chunk'], ['none', 'batch:verify'], ['right', 'batch:verify']]);
		for (const x of r.runs.slice(1)) {
			expect(x.identical).toBe(P.questions);
			expect(x.firstDifference).toBeNull();
			expect(x.B).toBe(4);
			expect(x.contextS).toBeGreaterThan(0);
			expect(x.answerTokens).toBe(r.runs[0].answerTokens);
		}
		expect(r.baseline).toHaveLength(P.questions);
		expect(r.runs[1].draftFed).toBe(0);
		expect(r.runs[2].draftFed).toBeGreaterThan(0);
		expect(Object.keys(r.speedups)).toEqual(['none', 'right']);
		expect(r.speedups.none).toBeCloseTo(r.runs[0].seconds / r.runs[1].seconds, 10);
	});

	it('counts a wrong baseline as differences, from the first question that differs', async () => {
		const engine = await engineWith({ batch: { chunk: 512 } });
		const good = await runBatchPhase(engine, { ...P, modes: ['single'] });
		const bad = good.baseline!.map((d, i) => (i >= 4 ? { ...d, hash: fnv1aHex('x' + i) } : d));
		const r = await runBatchPhase(engine, { ...P, modes: ['none'] }, { baseline: { digests: bad, texts: good.texts! } });
		expect(r.runs[0].identical).toBe(4);
		expect(r.runs[0].firstDifference).toBe(4);
		// A saved baseline stands in for "single": right drafts come from its texts, identity from its digests.
		const later = await runBatchPhase(engine, { ...P, modes: ['right'] }, { baseline: { digests: good.baseline!, texts: good.texts! } });
		expect(later.runs[0]).toMatchObject({ mode: 'right', identical: P.questions });
		expect(later.runs[0].draftFed).toBeGreaterThan(0);
	});

	it('reports the one-at-a-time fallback where the model has no batch functions', async () => {
		const engine = await engineWith({});
		const r = await runBatchPhase(engine, { ...P, modes: ['single', 'none'] });
		expect(r.runs[1].path).toBe('prefix-reuse:chunk');
		expect(r.runs[1].fallback).toMatch(/lacks/);
		expect(r.runs[1].identical).toBe(P.questions);
	});

	it('builds prompts that share the context text exactly', () => {
		const { prefix, prompts } = batchPrompts(P);
		expect(prefix.split(' ')).toHaveLength(P.contextTokens);
		expect(prompts.every((p) => p.startsWith(prefix + ' ') && p.slice(prefix.length + 1).split(' ').length === P.questionTokens)).toBe(true);
		expect(new Set(prompts).size).toBe(P.questions);
	});
});

describe('speed check: batch parameters and predictions', () => {
	it('reads the batch phase from the URL and sizes the window for it', () => {
		const { params, errors } = parseSpeedParams(new URLSearchParams('lens=&bq=64&bn=16384&bql=40&bal=20&bB=32&bmodes=single,none,right'));
		expect(errors).toEqual([]);
		expect(params.lengths).toEqual([]);
		expect(params.batch).toEqual({ questions: 64, contextTokens: 16384, questionTokens: 40, answerTokens: 20, maxB: 32, modes: ['single', 'none', 'right'] });
		expect(windowFor(params)).toBe(17408);
		expect(parseSpeedParams(new URLSearchParams('bq=4&bmodes=right,single')).errors.join()).toMatch(/single before/);
		expect(parseSpeedParams(new URLSearchParams('bq=4&bmodes=none,right&bbase=/baseline.json&bsave=/baseline')).params).toMatchObject({ batchBaseline: '/baseline.json', batchSave: '/baseline' });
		expect(parseSpeedParams(new URLSearchParams('bq=4&bbase=https://elsewhere/x')).errors.join()).toMatch(/bbase/);
		expect(parseSpeedParams(new URLSearchParams('bq=4&bmodes=fast')).errors.join()).toMatch(/bmodes/);
		expect(parseSpeedParams(new URLSearchParams('lens=')).errors.join()).toMatch(/nothing to measure/);
		expect(parseSpeedParams(new URLSearchParams('')).params.batch.questions).toBe(0);
	});

	const rows: SpeedRow[] = [
		{ n: 4096, prefillS: 14, prefillTokS: 292, decodeSteps: 10, decodeS: 1, decodeTokS: 10, questionTokens: 40, questionChunkS: 0.3, questionDecodeS: 4, kvRestored: true },
		{ n: 16384, prefillS: 100, prefillTokS: 164, decodeSteps: 10, decodeS: 2, decodeTokS: 5, questionTokens: 40, questionChunkS: 0.6, questionDecodeS: 8, kvRestored: true }
	];
	it('predicts a one-at-a-time run as prefill + questions + answers at its length', () => {
		// 100 s + 64 × (0.6 s + 20 × 0.2 s) = 394.4 s
		expect(predictChunkRun(rows, { contexts: 1, contextTokens: 16384, questions: 64, questionTokens: 40, answerTokens: 20 })).toBeCloseTo(394.4, 6);
	});
	it('sets the measured one-at-a-time run (context + warm-up + answers) against its prediction', () => {
		const p = { ...P, questions: 64, contextTokens: 16384, questionTokens: 40, answerTokens: 20 };
		const single = { mode: 'single', contextS: 100, seconds: 300 } as BatchPhaseRun;
		// 394.4 s as above, plus the warm-up question as one chunk (0.6 s): 395.0 s against 400 s measured.
		const r = oneAtATimeCheck(rows, p, [single])!;
		expect(r.predictedS).toBeCloseTo(395, 6);
		expect(r.measuredS).toBe(400);
		expect(r.errorPct).toBeCloseTo(-1.25, 6);
		expect(oneAtATimeCheck([], p, [single])).toBeNull();
		expect(oneAtATimeCheck(rows, p, [{ ...single, mode: 'none' }])).toBeNull();
	});
	it('predicts the batched path from a measured per-question time, scaled by the decode-step cost', () => {
		const plan = { contexts: 2, contextTokens: 16384, questions: 100, questionTokens: 40, answerTokens: 20 };
		const b = predictBatched(rows, plan, { contextTokens: 4096, perQuestionS: 0.5 });
		// decode step 0.2 s at 16K against 0.1 s at 4K: 1.0 s a question; 2 × 100 s of context
		expect(b).toMatchObject({ path: 'batched', contextPrefillS: 200, answerS: 100, totalS: 300 });
		expect(predictRun(rows, plan).paths.find((p) => p.path === 'chunk')!.contextPrefillS).toBe(200);
	});
});
