// One key store per tab (the app renders only in the browser, ssr = false, so nothing is shared between users):
// a key typed on /run/new must still be in memory when /run/[id] creates the engine. Keyed by endpoint URL.
import { createKeyStore, type KeyStore } from '$lib/engines/openai/key-store';

let store: KeyStore | null = null;

export function appKeyStore(): KeyStore {
	return (store ??= createKeyStore());
}

/** For EngineFactories.apiKey. */
export async function apiKeyFor(baseUrl: string): Promise<string | undefined> {
	return appKeyStore().get(baseUrl);
}
