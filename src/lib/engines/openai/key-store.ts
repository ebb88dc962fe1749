// Where API keys live: in memory for this session, and in localStorage only when the user ticks "remember".
// Keys never go into exports or run records; this module is the only place that holds them.

/** The slice of the Web Storage API we need (localStorage, or a fake in tests). */
export interface KeyStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export interface KeyStore {
	get(endpointId: string): string | undefined;
	/** remember=false keeps the key for this session only, and deletes any copy remembered earlier. */
	set(endpointId: string, apiKey: string, opts: { remember: boolean }): void;
	isRemembered(endpointId: string): boolean;
	forget(endpointId: string): void;
}

const PREFIX = 'film-probe:api-key:';

function defaultStorage(): KeyStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage blocked (private mode, sandboxed iframe): memory only
	}
}

export function createKeyStore(storage: KeyStorage | null = defaultStorage()): KeyStore {
	const memory = new Map<string, string>();
	const slot = (id: string): string => PREFIX + id;
	return {
		get(id) {
			return memory.get(id) ?? storage?.getItem(slot(id)) ?? undefined;
		},
		set(id, apiKey, { remember }) {
			const key = apiKey.trim();
			if (!key) return this.forget(id);
			memory.set(id, key);
			if (remember && storage) storage.setItem(slot(id), key);
			else storage?.removeItem(slot(id));
		},
		isRemembered(id) {
			return storage?.getItem(slot(id)) != null;
		},
		forget(id) {
			memory.delete(id);
			storage?.removeItem(slot(id));
		}
	};
}
