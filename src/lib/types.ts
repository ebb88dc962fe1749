// The shared vocabulary of the evaluator. Types only: no logic lives here.
import type { TASKS } from './tasks/registry';

type RegisteredTask = (typeof TASKS)[number];

/** The registered tasks' names (tasks/registry.ts): FILM's probes, the needle, LongBench QA and key–value retrieval. */
export type TaskName = RegisteredTask['name'];

/** What a correct answer is, per task (each task folder defines its own). Scorers read this and nothing else. */
export type Gold = RegisteredTask extends infer T ? (T extends { goldText(gold: infer G): string } ? G : never) : never;

/**
 * One shared context: the FILM template's head, the rendered items, and exact token positions.
 * Every probe of a set points at one of these, so a 32K context is held once, not once per question.
 */
export interface ProbeContext {
	id: string;
	task: TaskName;
	setId: number;
	/** Everything the model reads before the question: `[INST] … ### Context:\n{context}` (BOS excluded). */
	prefix: string;
	/** Token count of `prefix` as the model sees it, BOS included. */
	prefixTokens: number;
	/** Number of items rendered into the context (0 for documents that are not item lists). */
	itemCount: number;
	/** Token offset (BOS = 0) at which each item starts in the model input. */
	itemTokenOffsets: number[];
	/** Character offset in `prefix` at which each item starts (lets a reference answerer find item boundaries). */
	itemCharOffsets?: number[];
}

/** One question against one context. The full prompt is `context.prefix + suffix`. */
export interface Probe {
	id: string;
	task: TaskName;
	contextId: string;
	setId: number;
	/** Item position in the context (0 = first); for niah the depth index, for longbench the row index. */
	positionId: number;
	/** The text after the shared prefix: `\n\n### Instruction:\n{instruction} [/INST]`. */
	suffix: string;
	/** The instruction sentence as asked (no template). */
	instruction: string;
	/** The retrieval key the instruction names (piece, code line, Q-id, needle word). */
	key: string;
	gold: Gold;
	/** Token offset (BOS = 0) of the item that holds the answer; null when not located. */
	tokenOffset: number | null;
	/** Tokens the model reads for this probe, BOS included. */
	promptTokens: number;
	maxNewTokens: number;
	/** Extra, task-specific facts kept for charts (e.g. niah context length and depth percent). */
	meta?: Record<string, number | string>;
}

/** A plan: every context and probe of one task build, in a stable order. */
export interface ProbePlan {
	task: TaskName;
	taskVersion: string;
	options: Record<string, unknown>;
	contexts: ProbeContext[];
	probes: Probe[];
	/** How many draws were replaced to keep every key unique / every prompt inside the budget. */
	redraws: number;
}

export interface Usage {
	promptTokens: number;
	completionTokens: number;
}

export interface Timings {
	/** Milliseconds from request to first token. */
	ttftMs: number;
	prefillTokensPerS: number | null;
	decodeTokensPerS: number | null;
	totalMs: number;
}

/** The kinds of engine, as run records and their provenance name them (engines/engine.ts is the interface). */
export type EngineKind = 'webllm' | 'openai' | 'oracle';

export interface EngineCapabilities {
	/** Largest prompt + answer the engine takes, in tokens. */
	maxContext: number;
	/** True when a shared prefix is prefilled once and reused for the following questions. */
	prefixReuse: boolean;
	/** True when the engine counts tokens with the model's own tokenizer (local engines). */
	exactTokens: boolean;
}

export interface EngineInfo {
	kind: EngineKind;
	/** Model id as the engine names it (web-llm model id, API model name, "oracle"). */
	modelId: string;
	/** Human label for charts and tables. */
	label: string;
	quantization?: string;
	contextWindow?: number;
	/** Free-form facts recorded in a run's provenance (adapter, reuse path, endpoint host …). */
	details?: Record<string, string | number | boolean | null>;
}

/** What an engine returns for one prompt. */
export interface Generation {
	text: string;
	usage: Usage;
	timings: Timings;
	finishReason: 'stop' | 'length' | 'abort';
	/** How the engine answered (e.g. "full-prefill", "prefix-reuse:decode-steps", "http:completions"). */
	path: string;
}

/** One stored answer of a run. */
export interface Answer {
	probeId: string;
	text: string;
	/** Score in 0…1 (document recall is fractional). */
	score: number;
	usage?: Usage;
	timings?: Timings;
	path?: string;
	at: string;
}
