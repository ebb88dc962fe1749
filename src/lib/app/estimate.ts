// A rough estimate shown before a run starts: how many questions, how many tokens to prefill, how long, and how
// much GPU memory. Speeds are assumptions the page states next to the figure, not promises.
import type { ModelSpec } from '$lib/engines/webllm/models';
import { estimateMemory } from '$lib/engines/webllm/fit';
import { FILM_TASK_NAMES, type RunSettings } from './settings';

/** Items per ~32K context in the paper (SPEC §2); scaled down linearly for smaller windows. */
const PAPER_ITEMS: Record<string, number> = { document: 800, code: 800, database: 750 };
const PAPER_TOKENS = 32768;
/** LongBench subset: 9 tasks × 200 rows at most in the paper's data; the importer decides the real count. */
const LONGBENCH_ROWS = 1800;

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
		if ((FILM_TASK_NAMES as readonly string[]).includes(t)) {
			const items = Math.max(1, Math.floor((PAPER_ITEMS[t] * s.contextTokens) / PAPER_TOKENS));
			const perSet = s.positions === null ? items : Math.min(items, s.positions);
			questions += perSet * s.sets;
			contexts += s.sets;
			// Positions are spread over the context, so a question reads about a full window.
			promptTokens += perSet * s.sets * s.contextTokens;
			reusePrefill += s.sets * s.contextTokens + perSet * s.sets * 40;
		} else if (t === 'niah') {
			const cells = s.niahLengths.length * s.niahDepths.length * s.sets;
			const tokens = s.niahLengths.reduce((a, b) => a + b, 0) * s.niahDepths.length * s.sets;
			questions += cells;
			contexts += cells;
			promptTokens += tokens;
			reusePrefill += tokens;
		} else if (t === 'longbench') {
			questions += LONGBENCH_ROWS;
			contexts += LONGBENCH_ROWS;
			promptTokens += LONGBENCH_ROWS * Math.min(s.contextTokens, 16000);
			reusePrefill += LONGBENCH_ROWS * Math.min(s.contextTokens, 16000);
			notes.push('LongBench counts depend on the data you import; the figure assumes 200 rows per task.');
		}
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
