// What a run will ask, counted from the plans it will really run: every context with its token length, its
// questions, their question tokens and the answer length to expect. Pure; the estimate is made from this.
import type { Probe, ProbePlan } from '$lib/types';

export interface ContextShape {
	/** Tokens of the shared context, BOS included. */
	tokens: number;
	questions: number;
	/** Mean tokens a question adds on top of the context. */
	questionTokens: number;
	/** Mean tokens of an answer (the expected answer and its stop token, at most the answer room). */
	answerTokens: number;
}

export interface PlanShape {
	questions: number;
	contexts: ContextShape[];
	/** Prompt tokens summed over every question (what an engine without prefix reuse prefills). */
	promptTokens: number;
	/** Tokens prefilled when every shared context is prefilled once. */
	reusePrefillTokens: number;
	/** Mean answer tokens over every question. */
	answerTokens: number;
	/** Per task: questions and contexts. */
	tasks: { task: string; questions: number; contexts: number }[];
}

export function planShape(plans: readonly ProbePlan[], answerTokens: (p: Probe) => number): PlanShape {
	const contexts: ContextShape[] = [];
	let questions = 0;
	let promptTokens = 0;
	let reusePrefillTokens = 0;
	let answers = 0;
	const tasks: PlanShape['tasks'] = [];
	for (const plan of plans) {
		const byContext = new Map<string, Probe[]>();
		for (const p of plan.probes) (byContext.get(p.contextId) ?? byContext.set(p.contextId, []).get(p.contextId)!).push(p);
		for (const c of plan.contexts) {
			const probes = byContext.get(c.id) ?? [];
			if (!probes.length) continue;
			const q = probes.map((p) => Math.max(0, p.promptTokens - c.prefixTokens));
			const a = probes.map((p) => Math.min(p.maxNewTokens, Math.max(1, answerTokens(p))));
			const qSum = q.reduce((s, x) => s + x, 0);
			const aSum = a.reduce((s, x) => s + x, 0);
			contexts.push({ tokens: c.prefixTokens, questions: probes.length, questionTokens: qSum / probes.length, answerTokens: aSum / probes.length });
			questions += probes.length;
			promptTokens += probes.reduce((s, p) => s + p.promptTokens, 0);
			reusePrefillTokens += c.prefixTokens + qSum;
			answers += aSum;
		}
		tasks.push({ task: plan.task, questions: plan.probes.length, contexts: new Set(plan.probes.map((p) => p.contextId)).size });
	}
	return { questions, contexts, promptTokens, reusePrefillTokens, answerTokens: questions ? answers / questions : 0, tasks };
}

/**
 * Answer lengths from a tokenizer: the mean, per task, of `count` (an expected answer's tokens and its stop token)
 * over an even sample of at most about `sample` probes — tokenizing 9,400 sentences for an estimate would cost
 * seconds.
 */
export function sampledAnswerTokens(plans: readonly ProbePlan[], count: (p: Probe) => number, sample = 200): (p: Probe) => number {
	const mean = new Map<string, number>();
	for (const plan of plans) {
		const step = Math.max(1, Math.floor(plan.probes.length / sample));
		const picked = plan.probes.filter((_, i) => i % step === 0);
		const total = picked.reduce((s, p) => s + count(p), 0);
		mean.set(plan.task, picked.length ? total / picked.length : 1);
	}
	return (p) => mean.get(p.task) ?? 1;
}
