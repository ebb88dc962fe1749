// A rough estimate shown before a run starts: how many questions, how many tokens to prefill, how long, and how
// much GPU memory. Speeds are assumptions the page states next to the figure, not promises.
import type { ModelSpec } from '$lib/engines/webllm/models';
import { estimateMemory } from '$lib/engines/webllm/fit';
import { taskSpec } from '$lib/tasks/registry';
import type { RunSettings } from './settings';

export interface SpeedAssumption {
	prefillTokensPerS: number;
	decodeTokensPerS: number;
	/** Mean answer length in tokens. */
	answerTokens: number;
}

/** Middle-of-the-road figures for a 7B q4 model on a desktop GPU through WebGPU. */
export const DEFAULT_SPEED: SpeedAssumption = { prefillTokensPerS: 2000, decodeTokensPerS: 30, answerTokens: 24 };

export interface RunEstimate {
	questions: number;
	contexts: number;
	/** Prompt tokens summed over every question (what an engine without prefix reuse prefills). */
	promptTokens: number;
	/** Tokens prefilled when every shared context is prefilled once. */
	reusePrefillTokens: number;
	/** Milliseconds; null for the reference engine (no model) or when no speed is known. */
	timeMs: number | null;
	/** GPU memory in bytes for a WebLLM model: weights + KV cache at the chosen window. */
	gpuBytes: number | null;
	notes: string[];
}

export function estimateRun(s: RunSettings, model?: ModelSpec | null, speed: SpeedAssumption = DEFAULT_SPEED): RunEstimate {
	let questions = 0;
	let contexts = 0;
	let promptTokens = 0;
	let reusePrefill = 0;
	const notes: string[] = [];
	for (const t of s.tasks) {
		const c = taskSpec(t).counts(s);
		questions += c.questions;
		contexts += c.contexts;
		promptTokens += c.promptTokens;
		reusePrefill += c.reusePrefillTokens;
		if (c.note) notes.push(c.note);
	}
	let timeMs: number | null = null;
	let gpuBytes: number | null = null;
	if (s.engine.kind === 'webllm') {
		const prefill = model ? reusePrefill : promptTokens;
		timeMs = (prefill / speed.prefillTokensPerS + (questions * speed.answerTokens) / speed.decodeTokensPerS) * 1000;
		notes.push(
			`Time assumes ${speed.prefillTokensPerS.toLocaleString('en')} prefill and ${speed.decodeTokensPerS} decode tokens/s and that each context is prefilled once.`
		);
		gpuBytes = model ? (estimateMemory(model, s.engine.contextWindow)?.totalBytes ?? null) : null;
	} else if (s.engine.kind === 'openai') {
		timeMs = (promptTokens / 20000 + (questions * speed.answerTokens) / 60) * 1000;
		notes.push('A cloud endpoint re-reads the whole prompt for every question; time depends on its rate limits.');
	} else {
		notes.push('The perfect-retrieval reference runs no model: it needs no GPU and answers instantly.');
	}
	return { questions, contexts, promptTokens, reusePrefillTokens: reusePrefill, timeMs, gpuBytes, notes };
}
