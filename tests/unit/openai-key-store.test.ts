import { describe, expect, it } from 'vitest';
import { createKeyStore, type KeyStorage } from '$lib/engines/openai/key-store';

function fakeStorage(): KeyStorage & { data: Map<string, string> } {
	const data = new Map<string, string>();
	return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('API key store', () => {
	it('keeps a key in memory only unless remember is ticked', () => {
		const storage = fakeStorage();
		const store = createKeyStore(storage);
		store.set('openai', 'sk-session-only', { remember: false });
		expect(store.get('openai')).toBe('sk-session-only');
		expect(storage.data.size).toBe(0);
		expect(store.isRemembered('openai')).toBe(false);
		// A new page load (a new store over the same storage) has forgotten it.
		expect(createKeyStore(storage).get('openai')).toBeUndefined();
	});

	it('persists a remembered key across page loads, and unticking deletes the stored copy', () => {
		const storage = fakeStorage();
		createKeyStore(storage).set('openrouter', 'sk-or-kept', { remember: true });
		const reloaded = createKeyStore(storage);
		expect(reloaded.get('openrouter')).toBe('sk-or-kept');
		expect(reloaded.isRemembered('openrouter')).toBe(true);
		reloaded.set('openrouter', 'sk-or-kept', { remember: false });
		expect([...storage.data.values()]).not.toContain('sk-or-kept');
		expect(reloaded.get('openrouter')).toBe('sk-or-kept');
	});

	it('forgets keys everywhere, keeps endpoints apart, and works with no storage at all', () => {
		const storage = fakeStorage();
		const store = createKeyStore(storage);
		store.set('a', 'key-a', { remember: true });
		store.set('b', 'key-b', { remember: true });
		store.forget('a');
		expect(store.get('a')).toBeUndefined();
		expect(store.get('b')).toBe('key-b');
		store.set('b', '   ', { remember: true });
		expect(store.get('b')).toBeUndefined();
		expect(storage.data.size).toBe(0);
		const memoryOnly = createKeyStore(null);
		memoryOnly.set('a', 'key-a', { remember: true });
		expect(memoryOnly.get('a')).toBe('key-a');
		expect(memoryOnly.isRemembered('a')).toBe(false);
	});
});
