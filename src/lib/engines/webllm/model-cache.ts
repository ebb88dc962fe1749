// The model manager's view of web-llm's cache (listing with sizes, deleting a folder). The cache itself — its layout
// and every read and write — belongs to the web-llm boundary, runtime/; this path stays for the pages that import it.
export { listCachedModels, listCachedLibraries, deleteCachedModel, type CachedModel } from './runtime/cache';
export { modelUrlOf, sizeOf, MODEL_DB, CONFIG_DB, WASM_DB, CACHE_STORE } from './runtime/cache-layout';
