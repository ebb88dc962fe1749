// Which converted models this browser can load: a completion record (written last by the converter) and every file
// it lists still in web-llm's cache. A model that lost a file (evicted by the browser, or cleared by hand) is
// reported as incomplete and never offered, so nothing half-there is ever loaded.
import { createConvertStore, type ConvertStore } from '$lib/convert/store';
import type { ConvertedModel } from '$lib/convert/record';
import { EngineError } from '$lib/engines/engine';

export interface CatalogDeps {
	store: Pick<ConvertStore, 'listModels' | 'getModel'>;
	/** Names among `names` that web-llm's cache does not hold under `baseUrl`. */
	missing(baseUrl: string, names: string[]): Promise<string[]>;
}

export interface CatalogListing {
	ready: ConvertedModel[];
	incomplete: { model: ConvertedModel; missing: string[] }[];
	/** Stored records that could not be read, each with why. */
	problems: string[];
}

export interface ConvertedCatalog {
	list(): Promise<CatalogListing>;
	/** The model when it can be loaded; else an EngineError that says what happened and what to do. */
	loadable(id: string): Promise<ConvertedModel>;
}

const filesOf = (m: ConvertedModel) => m.output.files.map((f) => f.name);

export function convertedCatalog(deps: CatalogDeps): ConvertedCatalog {
	return {
		async list() {
			const { models, problems } = await deps.store.listModels();
			const ready: ConvertedModel[] = [];
			const incomplete: CatalogListing['incomplete'] = [];
			for (const model of models.sort((a, b) => b.completedAt.localeCompare(a.completedAt))) {
				const missing = await deps.missing(model.baseUrl, filesOf(model));
				if (missing.length) incomplete.push({ model, missing });
				else ready.push(model);
			}
			return { ready, incomplete, problems };
		},
		async loadable(id) {
			let model: ConvertedModel | null;
			try {
				model = await deps.store.getModel(id);
			} catch (e) {
				throw new EngineError('not-found', `The converted model ${id} cannot be used: ${(e as Error).message}. Delete it on the Models page and convert it again.`);
			}
			if (!model)
				throw new EngineError('not-found', `The converted model ${id} is not in this browser (converted models stay in the browser that made them): convert it on the Models page.`);
			const missing = await deps.missing(model.baseUrl, filesOf(model));
			if (missing.length)
				throw new EngineError(
					'not-found',
					`${model.label} (converted) lost ${missing.length} of its files (${missing.slice(0, 3).join(', ')}): the browser may have cleared them to free space. Delete it on the Models page and convert it again.`
				);
			return model;
		}
	};
}

/** The catalog over this browser's converter store and web-llm's cache. */
export async function browserCatalog(): Promise<ConvertedCatalog> {
	const { missingModelFiles } = await import('$lib/engines/webllm/runtime');
	return convertedCatalog({ store: createConvertStore(), missing: (base, names) => missingModelFiles(base, names) });
}
