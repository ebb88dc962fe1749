// The speed check's batch phase: n questions on one N-token context, answered one at a time through the engine's
// prefix-reuse path (engine.generate), then through engine.generateBatch without drafts and with the one-at-a-time
// answers as drafts. Every batched answer is compared with the one-at-a-time answer of the same question, token for
// token as far as text shows it (text, finish reason, token count). Synthetic weights: the texts are compared and
// hashed, never shown or scored.
import type { BatchGeneration, Engine } from '$lib/engines/engine';
import { idsToText } from '$lib/engines/webllm/synthetic';
import { fnv1aHex } from '$lib/util/fnv';
import { seededIds } from './measure';
import { costsAt, predictChunkRun } from './predict';
import type { AnswerDigest, BatchPhaseParams, BatchPhaseResult, BatchPhaseRun, SpeedRow } from './types';

const digest = (g: { text: string; finishReason: string; usage: { completionTokens: number } }): AnswerDigest => ({
	hash: fnv1aHex(g.text),
	finishReason: g.finishReason,
	tokens: g.usage.completionTokens
});
const same = (a: AnswerDigest, b: AnswerDigest) => a.hash === b.hash && a.finishReason === b.finishReason && a.tokens === b.tokens;

/** The phase's prompts: one seeded context and n seeded questions, as text the generated tokenizer reads back exactly. */
export function batchPrompts(p: Pick<BatchPhaseParams, 'questions' | 'contextTokens' | 'questionTokens' | 'vocabSize' | 'seed'>) {
	const prefix = idsToText(seededIds(p.contextTokens, p.seed * 31 + 7, p.vocabSize));
	const prompts = Array.from({ length: p.questions }, (_, k) => prefix + ' ' + idsToText(seededIds(p.questionTokens, p.seed * 977 + 100 + k, p.vocabSize)));
	return { prefix, prompts };
}

export async function runBatchPhase(
	engine: Engine,
	p: BatchPhaseParams,
	hooks: {
		onStatus?: (s: string) => void;
		/** One-at-a-time answers of an earlier run of the same phase (same library, seed and sizes), to compare and draft with. */
		baseline?: { digests: AnswerDigest[]; texts: string[] } | null;
		now?: () => number;
	} = {}
): Promise<BatchPhaseResult> {
	const now = hooks.now ?? (() => performance.now());
	const { prefix, prompts } = batchPrompts(p);
	const runs: BatchPhaseRun[] = [];
	let baseline: AnswerDigest[] | null = hooks.baseline?.digests ?? null;
	let texts: string[] | null = hooks.baseline?.texts ?? null;
	const compare = (got: AnswerDigest[]) => {
		if (!baseline) return { identical: null, firstDifference: null };
		const diffs = got.map((g, i) => !baseline![i] || !same(g, baseline![i]));
		return { identical: diffs.filter((d) => !d).length, firstDifference: diffs.indexOf(true) === -1 ? null : diffs.indexOf(true) };
	};
	for (const mode of p.modes) {
		hooks.onStatus?.(`batch phase: ${mode === 'single' ? 'one at a time' : mode === 'none' ? 'batched, no drafts' : 'batched, right drafts'} (${p.questions} questions on ${p.contextTokens} tokens)`);
		// Warm-up: one 1-token answer puts the context into this path's cache (web-llm's own for one at a time, the
		// batch cache otherwise, which also runs the batch self-check), so the timed answers share a held context.
		const w0 = now();
		if (mode === 'single') await engine.generate({ prompt: prompts[0], prefix, maxTokens: 1 });
		else if (engine.generateBatch) await engine.generateBatch({ prefix, items: [{ prompt: prompts[0], maxTokens: 1 }], drafts: false, onItem: () => undefined });
		const contextS = (now() - w0) / 1000;
		const t0 = now();
		if (mode === 'single') {
			const got: AnswerDigest[] = [];
			const out: string[] = [];
			let path = '';
			for (const prompt of prompts) {
				const g = await engine.generate({ prompt, prefix, maxTokens: p.answerTokens });
				got.push(digest(g));
				out.push(g.text);
				path = g.path;
			}
			const seconds = (now() - t0) / 1000;
			const cmp = compare(got);
			runs.push({
				mode, contextS, path, fallback: null, B: 1, seconds, perQuestionS: seconds / p.questions, answerTokens: got.reduce((s, a) => s + a.tokens, 0),
				...cmp, draftFed: 0, draftAccepted: 0, details: {}
			});
			baseline ??= got;
			texts ??= out;
			continue;
		}
		if (!engine.generateBatch) throw new Error('this engine cannot answer in batches');
		if (mode === 'right' && !texts) throw new Error('right drafts need the one-at-a-time answers first (put "single" before "right")');
		const got: (BatchGeneration | undefined)[] = new Array(p.questions);
		const outcome = await engine.generateBatch({
			prefix,
			items: prompts.map((prompt, k) => ({ prompt, maxTokens: p.answerTokens, expected: mode === 'right' ? ' ' + texts![k] : undefined })),
			drafts: mode === 'right',
			maxB: p.maxB,
			onItem: (k, g) => (got[k] = g)
		});
		const seconds = (now() - t0) / 1000;
		const missing = got.findIndex((g) => !g);
		if (missing !== -1 || got.length !== p.questions) throw new Error(`the batch returned no answer for question ${missing}`);
		const digests = (got as BatchGeneration[]).map(digest);
		runs.push({
			mode, contextS, path: outcome.path, fallback: outcome.fallback, B: outcome.B, seconds, perQuestionS: seconds / p.questions,
			answerTokens: digests.reduce((s, a) => s + a.tokens, 0), ...compare(digests),
			draftFed: (got as BatchGeneration[]).reduce((s, g) => s + g.draftFed, 0),
			draftAccepted: (got as BatchGeneration[]).reduce((s, g) => s + g.draftAccepted, 0),
			details: outcome.details
		});
	}
	const single = runs.find((r) => r.mode === 'single');
	const speedups: Record<string, number> = {};
	if (single) for (const r of runs) if (r.mode !== 'single') speedups[r.mode] = single.seconds / r.seconds;
	return { params: p, runs, baseline, texts, speedups };
}

/**
 * The one-at-a-time run of a batch phase against its prediction from the ladder's rows: context prefill, the warm-up
 * question that put the context in the cache (its 1-token answer needs no decode step), then every question as one
 * chunk with its answer's decode steps. Null without rows or without a one-at-a-time run.
 */
export function oneAtATimeCheck(rows: SpeedRow[], p: BatchPhaseParams, runs: BatchPhaseRun[]): { predictedS: number; measuredS: number; errorPct: number } | null {
	const single = runs.find((r) => r.mode === 'single');
	if (!single || !rows.length) return null;
	const plan = { contexts: 1, contextTokens: p.contextTokens, questions: p.questions, questionTokens: p.questionTokens, answerTokens: p.answerTokens };
	const warmUpS = p.questionTokens * costsAt(rows, p.contextTokens).questionChunkPerTokenS;
	const predictedS = predictChunkRun(rows, plan) + warmUpS;
	const measuredS = single.contextS + single.seconds;
	return { predictedS, measuredS, errorPct: ((predictedS - measuredS) / measuredS) * 100 };
}
