// The app's one helper each for bytes, CSV, FNV-1a hashing, value guards and the storage estimate.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesOf, gib } from '$lib/util/bytes';
import { csvField, toCsv } from '$lib/util/csv';
import { fnv1a, fnv1aHex, FNV_OFFSET_BASIS } from '$lib/util/fnv';
import { isFiniteNumber, isObject, isString, isStringArray } from '$lib/util/guards';
import { estimateStorage, requestPersistentStorage } from '$lib/util/storage-estimate';

describe('formatBytes', () => {
	it('picks the largest binary unit that keeps the figure at 1 or more', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(1536)).toBe('1.5 KiB');
		expect(formatBytes(3 * 2 ** 20)).toBe('3.0 MiB');
		expect(formatBytes(4.22 * 2 ** 30)).toBe('4.2 GiB');
		expect(formatBytes(2 ** 20 - 1)).toBe('1024.0 KiB');
	});
	it('uses powers of 1000 for file sizes, and a fixed unit or precision when asked', () => {
		expect(formatBytes(7e9, { decimal: true })).toBe('7.0 GB');
		expect(formatBytes(999, { decimal: true })).toBe('999 B');
		expect(formatBytes(2 ** 28, { unit: 'GiB', digits: 2 })).toBe('0.25 GiB');
		expect(formatBytes(123_456_789, { unit: 'MB' })).toBe('123.5 MB');
		expect(gib(8 * 2 ** 30)).toBe('8.0 GiB');
	});
	it('states progress in the total\'s unit', () => {
		expect(formatBytesOf(2 ** 30, 4 * 2 ** 30, { digits: 2 })).toBe('1.00 of 4.00 GiB');
		expect(formatBytesOf(5 * 2 ** 20, 300 * 2 ** 20, { unit: 'MiB', digits: 0 })).toBe('5 of 300 MiB');
	});
});

describe('CSV', () => {
	it('quotes what RFC 4180 needs quoted and leaves the rest', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
		expect(csvField('trailing ')).toBe('"trailing "');
		expect([csvField(undefined), csvField(Infinity), csvField(false), csvField(-0.5)]).toEqual(['', '', 'false', '-0.5']);
	});
	it('ends every line with CRLF, or LF when asked', () => {
		expect(toCsv(['a'], [[1], [null]])).toBe('a\r\n1\r\n\r\n');
		expect(toCsv(['a', 'b'], [['x', 2]], '\n')).toBe('a,b\nx,2\n');
	});
});

describe('FNV-1a', () => {
	it('gives the published 32-bit test vectors', () => {
		// From the FNV reference (draft-eastlake-fnv): "", "a", "foobar".
		expect(fnv1a('')).toBe(FNV_OFFSET_BASIS);
		expect(fnv1aHex('a')).toBe('e40c292c');
		expect(fnv1aHex('foobar')).toBe('bf9cf968');
	});
	it('hashes a list of integers one step each, and a new basis gives another hash', () => {
		expect(fnv1a([97])).toBe(fnv1a('a'));
		expect(fnv1a([1, 22557, 1526])).not.toBe(fnv1a([1, 1526, 22557]));
		expect(fnv1a('a', 7)).not.toBe(fnv1a('a'));
		expect(fnv1a('a', 7)).toBe(fnv1a('a', 7));
		expect(fnv1aHex('')).toMatch(/^[0-9a-f]{8}$/);
	});
});

describe('guards', () => {
	it('tell plain objects, strings, finite numbers and string lists from everything else', () => {
		expect([{}, { a: 1 }].every(isObject)).toBe(true);
		expect([null, [], 'x', 1, undefined].some(isObject)).toBe(false);
		expect(isString('') && !isString(1)).toBe(true);
		expect([0, -1.5].every(isFiniteNumber)).toBe(true);
		expect([NaN, Infinity, '1', null].some(isFiniteNumber)).toBe(false);
		expect(isStringArray([]) && isStringArray(['a'])).toBe(true);
		expect(isStringArray(['a', 1]) || isStringArray('a')).toBe(false);
	});
});

describe('storage estimate', () => {
	it('reads usage, quota, room left and persistence, and null where the browser cannot say', async () => {
		const m = { estimate: async () => ({ usage: 3e9, quota: 10e9 }), persisted: async () => true, persist: async () => true };
		expect(await estimateStorage(m)).toEqual({ usage: 3e9, quota: 10e9, free: 7e9, persisted: true });
		expect(await estimateStorage({ estimate: async () => ({ usage: 5, quota: 2 }) })).toEqual({ usage: 5, quota: 2, free: 0, persisted: null });
		expect(await estimateStorage({ estimate: () => Promise.reject(new Error('denied')) })).toBeNull();
		expect(await estimateStorage({})).toBeNull();
		expect(await estimateStorage({ estimate: async () => ({ usage: 5 }) })).toBeNull();
		expect(await estimateStorage(null)).toBeNull();
		expect(await requestPersistentStorage(m)).toBe(true);
		expect(await requestPersistentStorage({})).toBe(false);
	});
});
