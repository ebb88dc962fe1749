// MLCEngine's TypeScript-private maps, keyed by model id (present at run time in 0.2.79 and 0.2.86; see
// ../shared/WEBLLM-NOTES.md). Feature-detected: a web-llm that renamed them reads as "not reachable".
import type { MlcEngineLike } from '../module';

export interface LockLike {
	acquire(): Promise<void>;
	release(): Promise<void>;
}

interface EnginePrivates {
	loadedModelIdToPipeline?: Map<string, unknown>;
	loadedModelIdToLock?: Map<string, LockLike>;
}

/** What reachInternals reports when the engine's pipeline map is not there. */
export const MISSING_PIPELINE_MAP = 'engine.loadedModelIdToPipeline';

const privates = (engine: MlcEngineLike) => engine as unknown as EnginePrivates;

function pipelineMap(engine: MlcEngineLike): Map<string, unknown> | null {
	const m = privates(engine).loadedModelIdToPipeline;
	return m instanceof Map ? m : null;
}

export const hasPipelineMap = (engine: MlcEngineLike): boolean => pipelineMap(engine) !== null;

/** The loaded pipeline (web-llm's LLMChatPipeline) of one model, if any. */
export function pipelineOf(engine: MlcEngineLike, modelId: string): unknown {
	return pipelineMap(engine)?.get(modelId);
}

/** Whether web-llm holds a pipeline for the model; null when its map cannot be seen. */
export function isModelLoaded(engine: MlcEngineLike, modelId: string): boolean | null {
	const m = privates(engine).loadedModelIdToPipeline;
	return m ? m.has(modelId) : null;
}

/** The ids of the models web-llm holds, in load order. */
export function loadedModelIds(engine: MlcEngineLike): string[] {
	return [...(pipelineMap(engine)?.keys() ?? [])];
}

export function modelLockOf(engine: MlcEngineLike, modelId: string): LockLike | undefined {
	return privates(engine).loadedModelIdToLock?.get(modelId);
}
