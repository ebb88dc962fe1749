// The vocabulary of the speed check: what is measured, where it came from, and what a planned run would cost.
// Every figure here comes from synthetic weights: it says how fast, never how well (see LABEL).

/** Shown beside every figure; no answer text from synthetic weights is ever shown or scored. */
export const LABEL = 'synthetic weights: speed only';
export const SCHEMA_VERSION = 1;

/** How a question reaches the model on top of a cached context (mirrors the engine's reuse paths). */
export type QuestionPath = 'chunk' | 'decode-steps' | 'full-prefill' | 'batched';

/** One rung of the ladder: context length N, measured on the device at hand. */
export interface SpeedRow {
	/** Tokens in the context (one-shot prefill). */
	n: number;
	prefillS: number;
	prefillTokS: number;
	/** Decode steps timed right after the prefill, i.e. at length ≈ N. */
	decodeSteps: number;
	decodeS: number;
	decodeTokS: number;
	/** `questionTokens` on top of the cached N tokens as one prefill call, then popped. */
	questionTokens: number;
	questionChunkS: number;
	/** The same question fed as single-token decode steps, then popped. */
	questionDecodeS: number;
	/** The KV length was back at N after each pop. */
	kvRestored: boolean;
}

export interface Provenance {
	label: typeof LABEL;
	schemaVersion: number;
	date: string;
	modelId: string;
	quantization: string;
	library: { url: string; sha256: string; bytes: number };
	webllmVersion: string;
	worker: string;
	adapter: { vendor: string; architecture: string; description: string; shaderF16: boolean; isFallbackAdapter: boolean } | null;
	userAgent: string;
	contextWindow: number;
	vocabSize: number;
	seed: number;
	weightsBytes: number;
	/** Why this quantization (the adapter's features decide). */
	quantizationReason: string;
}

export interface SelfCheckSummary {
	path: string;
	maxAbsDiff: Record<string, number>;
	contextSignal: number;
	kvRestored: boolean;
	reason: string;
}

export interface NetworkSummary {
	/** Requests for anything under the synthetic model's URL (weights, configs): must be 0. */
	modelRequests: number;
	/** Requests for the model library. */
	libraryRequests: number;
	/** Records of the synthetic model left in web-llm's IndexedDB after the check: must be 0. */
	recordsLeft: number;
}

export interface SpeedResult {
	ok: boolean;
	error?: string;
	provenance: Provenance | null;
	timings: { provisionS: number; loadS: number; selfCheckS: number; measureS: number; totalS: number };
	selfCheck: SelfCheckSummary | null;
	rows: SpeedRow[];
	network: NetworkSummary | null;
	prediction: import('./predict').Prediction | null;
	/** The batch phase, when asked for (bq > 0). */
	batch?: import('./batch-phase').BatchPhaseResult & {
		/** A one-at-a-time run of these questions, predicted from the ladder's rows and measured. */
		run: { predictedS: number; measuredS: number; errorPct: number } | null;
	};
}
