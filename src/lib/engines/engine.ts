// One small interface for every engine: the runner and the charts never know which engine answered.
import type { EngineCapabilities, EngineInfo, Generation } from '$lib/types';

export interface GenerateRequest {
	/** The exact prompt, BOS excluded (engines that need BOS add it themselves). */
	prompt: string;
	/**
	 * Optional hint: `prompt` starts with this shared prefix (a probe set's context). Engines that can reuse a
	 * prefix prefill it once; others ignore it. It never changes the answer.
	 */
	prefix?: string;
	maxTokens: number;
	stop?: string[];
	signal?: AbortSignal;
	/** Called with each new piece of text as it streams. */
	onText?: (delta: string) => void;
}

/** One question of a batch: a prompt that starts with the batch's prefix. */
export interface BatchGenerateItem {
	prompt: string;
	maxTokens: number;
	stop?: string[];
	/** The expected answer (a probe's gold): a speed hint only, it never changes the answer. */
	expected?: string;
}

export interface BatchGeneration extends Generation {
	/** Expected-answer tokens fed and kept (0 without a draft). */
	draftFed: number;
	draftAccepted: number;
}

export interface BatchGenerateRequest {
	prefix: string;
	items: BatchGenerateItem[];
	/** Feed expected answers as drafts, where the device verified that path. */
	drafts?: boolean;
	/** Most questions decoded together. */
	maxB?: number;
	signal?: AbortSignal;
	/** Each answer as soon as it is finished, in any order. */
	onItem: (index: number, g: BatchGeneration) => void;
}

export interface BatchOutcome {
	/** 'batch:verify', 'batch:decode-steps', or the one-at-a-time path used instead. */
	path: string;
	/** Why the batch path was not used, or null. */
	fallback: string | null;
	B: number;
	/** Facts for the run's provenance (self-check differences, what bounded B, the batch's counts). */
	details: Record<string, string | number | boolean | null>;
}

export interface Engine {
	readonly info: EngineInfo;
	readonly capabilities: EngineCapabilities;
	generate(req: GenerateRequest): Promise<Generation>;
	/**
	 * Many questions of one shared prefix at once (engines that can: WebLLM on forked KV sequences). Every answer
	 * equals what `generate` would give for that prompt alone.
	 */
	generateBatch?(req: BatchGenerateRequest): Promise<BatchOutcome>;
	dispose?(): Promise<void>;
}

/** Engine failures carry a kind the UI can act on, and a message a user understands. */
export type EngineErrorKind =
	| 'context-window'
	| 'device-lost'
	| 'out-of-memory'
	| 'quota'
	| 'network'
	| 'auth'
	| 'not-found'
	| 'rate-limit'
	| 'cors'
	| 'bad-response'
	| 'aborted'
	| 'unsupported'
	| 'unknown';

export class EngineError extends Error {
	constructor(
		readonly kind: EngineErrorKind,
		message: string,
		readonly detail?: string
	) {
		super(message);
		this.name = 'EngineError';
	}
	/** Whether retrying the same request later may succeed. */
	get retryable(): boolean {
		return this.kind === 'network' || this.kind === 'rate-limit' || this.kind === 'device-lost';
	}
}
