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
	prediction: Prediction | null;
	/** The batch phase, when asked for (bq > 0). */
	batch?: BatchPhaseResult & {
		/** A one-at-a-time run of these questions, predicted from the ladder's rows and measured. */
		run: { predictedS: number; measuredS: number; errorPct: number } | null;
	};
}

/** A planned run as the predictor sees it (speed/predict.ts). */
export interface RunPlan {
	/** Distinct shared contexts, each prefilled once on the reuse paths. */
	contexts: number;
	contextTokens: number;
	questions: number;
	questionTokens: number;
	answerTokens: number;
}

export interface PathPrediction {
	path: QuestionPath;
	totalS: number;
	contextPrefillS: number;
	questionS: number;
	answerS: number;
}

export interface Prediction {
	plan: RunPlan;
	paths: PathPrediction[];
	/** The plan reaches past the longest measured context: figures there are extrapolated. */
	extrapolated: boolean;
	measuredUpTo: number;
	/** Per-token costs used at the plan's context length (seconds). */
	at: { prefillPerTokenS: number; decodeStepS: number; questionChunkPerTokenS: number; questionDecodePerTokenS: number };
}

/** The batch phase's questions, runs and results (speed/batch-phase.ts). */
export type BatchMode = 'single' | 'none' | 'right';

export interface BatchPhaseParams {
	questions: number;
	contextTokens: number;
	questionTokens: number;
	answerTokens: number;
	maxB: number;
	modes: BatchMode[];
	vocabSize: number;
	seed: number;
}

export interface AnswerDigest {
	/** FNV-1a of the text: enough to compare runs without keeping the text. */
	hash: string;
	finishReason: string;
	tokens: number;
}

export interface BatchPhaseRun {
	mode: BatchMode;
	/** The context's prefill in this path's cache (with one short warm-up question), timed apart from the answers. */
	contextS: number;
	path: string;
	fallback: string | null;
	B: number;
	seconds: number;
	perQuestionS: number;
	answerTokens: number;
	/** Answers identical to the one-at-a-time ones (text, finish reason, token count), of all. */
	identical: number | null;
	firstDifference: number | null;
	draftFed: number;
	draftAccepted: number;
	details: Record<string, string | number | boolean | null>;
}

export interface BatchPhaseResult {
	params: BatchPhaseParams;
	runs: BatchPhaseRun[];
	/** The one-at-a-time answers' digests, in question order (for a later run's identity check). */
	baseline: AnswerDigest[] | null;
	/** The one-at-a-time answers' texts, only to hand to a later run as drafts (never shown); not kept in results. */
	texts?: string[] | null;
	/** Speed-up of each batched run over one at a time. */
	speedups: Record<string, number>;
}
