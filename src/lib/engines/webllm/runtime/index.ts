// The web-llm boundary: the only code that names web-llm's private runtime fields and its cache layout.
// Everything else reaches a loaded model and web-llm's IndexedDB cache through what this module exports.
export {
	putModelFiles, missingModelFiles, putLibrary, deleteUnder, countUnder, listCachedModels, listCachedLibraries, deleteCachedModel, eachModelFile,
	type CachedModel, type ModelFile, type PutOptions
} from './cache';
export {
	MODEL_DB, CONFIG_DB, WASM_DB, CACHE_STORE, WEBLLM_DATABASES, CHAT_CONFIG_FILE, TENSOR_MANIFESTS, APP_WEBLLM, modelUrlOf, sizeOf,
	type WebLlmVersion, type WebLlmDatabase
} from './cache-layout';
export { openRuntime, type ModelRuntime, type BatchRuntime, type OpenOptions } from './pipeline';
export { reachInternals, missingInternals, type InternalsResult } from './kv-backend';
export { createTvmBatchKv, missingBatchInternals, readLibraryMetadata, type LibraryMetadata, type PipelineForBatch, type TvmBatchKvOptions } from './batch-kv';
export { MISSING_PIPELINE_MAP, isModelLoaded, loadedModelIds } from './engine-maps';
export type { GpuDeviceLike } from './device';
