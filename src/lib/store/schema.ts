// The shapes of what a run leaves in storage and in exported files. Types only; validation lives in validate.ts.
import type { Answer, EngineKind, Gold, TaskName } from '$lib/types';

/** Version of the run record written by this app. Older versions are migrated on read (migrate.ts). */
export const RUN_SCHEMA_VERSION = 3;
/** Version of the stored answer record. */
export const ANSWER_SCHEMA_VERSION = 1;

export type RunStatus = 'ready' | 'running' | 'paused' | 'complete' | 'cancelled';

/** Why a run stopped before its end; every reason is resumable. */
export type PauseReason = 'user' | 'quota' | 'device-lost' | 'engine-error' | 'storage-error';

export interface RunPause {
	reason: PauseReason;
	message: string;
	at: string;
}

/** One task of a run: enough to rebuild its plan deterministically and to check the rebuild matches. */
export interface RunTask {
	task: TaskName;
	taskVersion: string;
	options: Record<string, unknown>;
	seed: number | null;
	probeCount: number;
	/** SHA-256 of the plan's prompts, golds and positions (runner/plan-digest.ts). */
	planDigest: string;
}

export interface GpuAdapterInfo {
	vendor: string;
	architecture: string;
}

/**
 * Where a model's weights came from when this browser made them (the converter, src/lib/convert/): the public
 * release read, every source file's SHA-256, how it was quantized, and how far the result is from the source.
 * Copied from the converted model's record when the run is created, so the run says it even after the model is gone.
 */
export interface WeightsProvenance {
	kind: 'converted';
	/** The model id the weights were converted under. */
	modelId: string;
	source: {
		kind: 'hf' | 'url' | 'files';
		/** The repo id, the URL, or the picked files' label. */
		location: string;
		/** The revision asked for and the commit it resolved to (Hub sources only). */
		revision: string | null;
		commit: string | null;
		format: string;
		files: { name: string; size: number; sha256: string }[];
	};
	quantization: string;
	library: { url: string; sha256: string };
	converterVersion: number;
	/** SHA-256 naming exactly the conversion plan (equal digests, equal bytes). */
	planDigest: string;
	convertedAt: string;
	/** Reconstruction error over every source tensor: the mean and worst relative RMS, the largest |Δ|. */
	fidelity: { tensors: number; meanRelRms: number; worstRelRms: number; worst: string | null; maxAbsErr: number };
}

/** Everything needed to say where a number came from. */
export interface Provenance {
	appVersion: string;
	appCommit: string;
	taskVersions: Record<string, string>;
	seeds: Record<string, number | null>;
	/** SHA-256 (hex) of the prompt template the probes were built with; null when unknown. */
	promptTemplateHash: string | null;
	engineKind: EngineKind;
	modelId: string;
	quantization: string | null;
	contextWindow: number | null;
	/** Whether the engine prefilled a shared context once for all its questions. */
	prefixReuse: boolean;
	/** The reuse path the engine chose (e.g. "decode-steps"); null without reuse or when unknown. */
	reusePath: string | null;
	/** How the last batch of questions was answered (path, B, the batch self-check's figures), when runs batch. */
	batch?: Record<string, string | number | boolean | null> | null;
	gpu: GpuAdapterInfo | null;
	userAgent: string | null;
	/** When the run was created (ISO 8601). */
	date: string;
	/** Weights converted in this browser: their source, hashes and fidelity; null for any other model (v3 on). */
	weights: WeightsProvenance | null;
}

export interface RunEngine {
	kind: EngineKind;
	modelId: string;
	label: string;
	/** Engine settings as chosen by the user, secrets removed (see store/secrets.ts). */
	settings: Record<string, string | number | boolean | null>;
}

export interface BucketResult {
	start: number;
	end: number;
	mean: number;
	std: number;
	n: number;
}

/** What the lead's aggregate() returns for one task, kept in the record so lists and charts need no answers. */
export interface TaskResult {
	buckets: BucketResult[];
	avg: number;
	gap: number;
	scored: number;
}

export interface RunRecord {
	schemaVersion: typeof RUN_SCHEMA_VERSION;
	id: string;
	name: string;
	createdAt: string;
	updatedAt: string;
	status: RunStatus;
	pause: RunPause | null;
	/**
	 * The most recent pause, kept while the run is resumed (when `pause` is null), so a run whose tab closed after a
	 * resume can still say why it stopped before. Cleared when the run completes. Absent in records written before it.
	 */
	lastPause?: RunPause | null;
	tasks: RunTask[];
	engine: RunEngine;
	provenance: Provenance;
	progress: { done: number; total: number };
	/** Per task, filled when the run completes (and refreshed on resume). */
	results: Partial<Record<TaskName, TaskResult>>;
}

/**
 * One stored answer. It carries the probe facts needed to score and aggregate it again without the plan,
 * so a run file alone is enough for the CLI's `score`.
 */
export interface StoredAnswer extends Answer {
	schemaVersion: typeof ANSWER_SCHEMA_VERSION;
	runId: string;
	task: TaskName;
	setId: number;
	positionId: number;
	/** Index of the probe in its task's plan (= line index in FILM's probe files). */
	index: number;
	contextId: string;
	tokenOffset: number | null;
	gold: Gold;
}
