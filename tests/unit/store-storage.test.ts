import { describe, expect, it } from 'vitest';
import { isQuotaError } from '$lib/store/storage';
import { estimateStorage, requestPersistentStorage } from '$lib/util/storage-estimate';
import { formatBytes } from '$lib/util/bytes';
import { isSecretField, withoutSecrets } from '$lib/store/secrets';
import { EngineError } from '$lib/engines/engine';

describe('storage helpers', () => {
	it('estimates free space from the storage manager', async () => {
		const m = { estimate: async () => ({ usage: 3e9, quota: 10e9 }), persisted: async () => true, persist: async () => true };
		expect(await estimateStorage(m)).toEqual({ usage: 3e9, quota: 10e9, free: 7e9, persisted: true });
		expect(await estimateStorage({ estimate: async () => ({ usage: 5, quota: 2 }) })).toEqual({ usage: 5, quota: 2, free: 0, persisted: null });
		expect(await estimateStorage(null)).toBeNull();
		expect(await requestPersistentStorage(m)).toBe(true);
		expect(await requestPersistentStorage({ persist: async () => Promise.reject(new Error('no')) })).toBe(false);
		expect(formatBytes(7e9, { decimal: true })).toBe('7.0 GB');
		expect(formatBytes(512, { decimal: true })).toBe('512 B');
	});

	it('recognises quota errors however they arrive', () => {
		expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
		expect(isQuotaError({ name: 'AbortError', error: new DOMException('full', 'QuotaExceededError') })).toBe(true);
		expect(isQuotaError(new EngineError('quota', 'Model cache is full'))).toBe(true);
		expect(isQuotaError(new DOMException('gone', 'AbortError'))).toBe(false);
		expect(isQuotaError(new Error('QuotaExceededError mentioned in text only'))).toBe(false);
		expect(isQuotaError(null)).toBe(false);
	});

	it('drops secret-looking settings but keeps token counts', () => {
		expect(withoutSecrets({ apiKey: 'x', api_key: 'x', Authorization: 'Bearer y', note: 'sk-0123456789abcdef', maxTokens: 128, model: 'gpt', temperature: 0 })).toEqual({
			maxTokens: 128,
			model: 'gpt',
			temperature: 0
		});
		expect(isSecretField('accessToken', 'abc')).toBe(true);
		expect(isSecretField('contextTokens', 32768)).toBe(false);
	});
});
