import { describe, expect, it } from 'vitest';
import { cutAtStop, safeLength } from '$lib/engines/webllm/kv/greedy';

describe('stop strings while streaming', () => {
	it('cuts at the earliest stop string', () => {
		expect(cutAtStop('abc\n\nxyz###', ['###', '\n\n'])).toBe('abc');
		expect(cutAtStop('abc', ['x'])).toBeNull();
		expect(cutAtStop('abc', [''])).toBeNull();
	});
	it('holds back a tail that may still become a stop string', () => {
		expect(safeLength('answer\n', ['\n\n'])).toBe(6);
		expect(safeLength('answer #', ['###'])).toBe(7);
		expect(safeLength('answer', ['###'])).toBe(6);
		expect(safeLength('ab', [])).toBe(2);
	});
});
