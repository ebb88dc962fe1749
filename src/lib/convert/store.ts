// Where the converter keeps its own records (not web-llm's cache): conversions in progress (`conv:<id>`) and
// completed models (`model:<id>`), in one IndexedDB store. Every read is validated; an unreadable record is
// reported, never half-used.
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import { validateConvertedModel, type ConvertedModel } from './record';
import { validateConversionState, type ConversionState } from './run/state';

export const CONVERT_DB = 'film-probe-models';

export interface ConvertStore {
	getState(id: string): Promise<ConversionState | null>;
	putState(s: ConversionState): Promise<void>;
	deleteState(id: string): Promise<void>;
	listStates(): Promise<{ states: ConversionState[]; problems: string[] }>;
	getModel(id: string): Promise<ConvertedModel | null>;
	putModel(m: ConvertedModel): Promise<void>;
	deleteModel(id: string): Promise<void>;
	listModels(): Promise<{ models: ConvertedModel[]; problems: string[] }>;
}

export function createConvertStore(dbName = CONVERT_DB): ConvertStore {
	const db: UseStore = createStore(dbName, 'records');
	const read = async <T>(key: string, check: (v: unknown) => { ok: true } & Record<string, unknown> | { ok: false; error: string }, field: string): Promise<T | null> => {
		const v = await get(key, db);
		if (v === undefined) return null;
		const r = check(v);
		if (!r.ok) throw new Error(`the stored record ${key} cannot be read: ${r.error}`);
		return r[field] as T;
	};
	const list = async <T>(prefix: string, check: (v: unknown) => { ok: true } & Record<string, unknown> | { ok: false; error: string }, field: string) => {
		const out: T[] = [];
		const problems: string[] = [];
		for (const [k, v] of await entries(db)) {
			if (typeof k !== 'string' || !k.startsWith(prefix)) continue;
			const r = check(v);
			if (r.ok) out.push(r[field] as T);
			else problems.push(`${k}: ${r.error}`);
		}
		return { out, problems };
	};
	return {
		getState: (id) => read<ConversionState>(`conv:${id}`, validateConversionState, 'state'),
		putState: (s) => set(`conv:${s.request.modelId}`, s, db),
		deleteState: (id) => del(`conv:${id}`, db),
		async listStates() {
			const { out, problems } = await list<ConversionState>('conv:', validateConversionState, 'state');
			return { states: out, problems };
		},
		getModel: (id) => read<ConvertedModel>(`model:${id}`, validateConvertedModel, 'model'),
		putModel: (m) => set(`model:${m.modelId}`, m, db),
		deleteModel: (id) => del(`model:${id}`, db),
		async listModels() {
			const { out, problems } = await list<ConvertedModel>('model:', validateConvertedModel, 'model');
			return { models: out, problems };
		}
	};
}
