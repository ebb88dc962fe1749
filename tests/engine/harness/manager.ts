// Bridge to the project's model manager (src/lib/engines/webllm/model-cache.ts): list cached weight folders with
// their byte sizes, delete one. Kept apart so the check names exactly which manager functions it exercises.
import { deleteCachedModel as deleteFolder, listCachedModels } from '$lib/engines/webllm/model-cache';
import { resolvedModelUrl, type ModelSpec } from '$lib/engines/webllm/models';

export interface CachedModelRow {
	/** The weight folder URL the manager lists (…/resolve/main/). */
	key: string;
	bytes: number;
	files: number;
}

export async function cachedModels(): Promise<CachedModelRow[]> {
	return (await listCachedModels()).map((m) => ({ key: m.modelUrl, bytes: m.bytes, files: m.files }));
}

/** Deletes the folder the spec's record resolves to; returns how many cached files went. */
export async function deleteCachedModel(spec: ModelSpec): Promise<number> {
	return deleteFolder(resolvedModelUrl(spec.record.model));
}
