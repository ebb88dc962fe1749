// Opening the runtime of a loaded model: all the engine uses of web-llm's private pipeline, as the project's own
// interfaces — web-llm's single-sequence KV cache as a KvBackend, KV caches of our own for the batch paths, the
// library's compiled limits, the GPU device — and whether web-llm still holds the model.
import type { MlcEngineLike } from '../module';
import type { LogitTap } from '../kv/logit-tap';
import type { BatchKv } from '../batch/kv';
import { isModelLoaded, pipelineOf } from './engine-maps';
import { reachInternals, type InternalsResult } from './kv-backend';
import { createTvmBatchKv, missingBatchInternals, readLibraryMetadata, type LibraryMetadata, type PipelineForBatch, type TvmBatchKvOptions } from './batch-kv';
import { deviceOfPipeline, type GpuDeviceLike } from './device';

export interface BatchRuntime {
	/** What the batch paths need and the pipeline lacks ([] when it has it all). */
	readonly missing: string[];
	/** A paged KV cache of our own over the library's functions; only when nothing is missing. */
	createKv(o: TvmBatchKvOptions): BatchKv;
	/** The library's compiled limits ({} when the batch internals are missing). */
	libraryMetadata(): LibraryMetadata;
}

export interface ModelRuntime {
	readonly modelId: string;
	/** web-llm's own KV cache as a KvBackend, or which internals are missing. */
	readonly kv: InternalsResult;
	readonly batch: BatchRuntime;
	/** The GPU device the pipeline runs on, or null where it cannot be reached. */
	readonly device: GpuDeviceLike | null;
	/** Whether web-llm still holds the model (it drops it after a device loss); null when that cannot be seen. */
	isLoaded(): boolean | null;
}

export interface OpenOptions {
	/** Put the model's BOS id before every prompt (prompt.ts decides). */
	addBos: boolean;
	/** The logit processor registered at load: 0.2.86 copies logits to the CPU only for one. */
	tap?: LogitTap;
	/** The window asked for at load, where the pipeline does not say its own. */
	contextWindow: number;
}

function batchRuntime(pipeline: unknown): BatchRuntime {
	const missing = missingBatchInternals(pipeline);
	return {
		missing,
		createKv(o) {
			if (missing.length) throw new Error(`the model lacks what batches need (${missing.join(', ')})`);
			return createTvmBatchKv(pipeline as PipelineForBatch, o);
		},
		libraryMetadata: () => (missing.length ? {} : readLibraryMetadata(pipeline as PipelineForBatch))
	};
}

/** The runtime of `modelId`, loaded in `engine` (call after reload; a later reload needs a new one). */
export function openRuntime(engine: MlcEngineLike, modelId: string, o: OpenOptions): ModelRuntime {
	const pipeline = pipelineOf(engine, modelId);
	return {
		modelId,
		kv: reachInternals(engine, modelId, o),
		batch: batchRuntime(pipeline),
		device: deviceOfPipeline(pipeline),
		isLoaded: () => isModelLoaded(engine, modelId)
	};
}
