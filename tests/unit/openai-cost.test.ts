import { describe, expect, it } from 'vitest';
import { estimateCost, parsePrice } from '$lib/engines/openai/cost';

describe('cost estimate', () => {
	it('prices prompt and completion tokens separately, per million', () => {
		const c = estimateCost({ promptTokens: 32_000, completionTokens: 100 }, { inputPerMillion: 2.5, outputPerMillion: 10 });
		expect(c.input).toBeCloseTo(0.08, 10);
		expect(c.output).toBeCloseTo(0.001, 10);
		expect(c.total).toBeCloseTo(0.081, 10);
	});

	it('sums a whole run', () => {
		const usages = Array.from({ length: 9400 }, () => ({ promptTokens: 31_000, completionTokens: 40 }));
		const c = estimateCost(usages, { inputPerMillion: 0.15, outputPerMillion: 0.6 });
		expect(c.promptTokens).toBe(291_400_000);
		expect(c.completionTokens).toBe(376_000);
		expect(c.total).toBeCloseTo(291.4 * 0.15 + 0.376 * 0.6, 8);
		expect(estimateCost([], { inputPerMillion: 1, outputPerMillion: 1 }).total).toBe(0);
	});

	it('refuses negative or non-numeric prices', () => {
		expect(() => estimateCost([], { inputPerMillion: -1, outputPerMillion: 0 })).toThrow(/inputPerMillion/);
		expect(() => estimateCost([], { inputPerMillion: 0, outputPerMillion: NaN })).toThrow(/outputPerMillion/);
	});

	it('reads prices as people type them', () => {
		expect(parsePrice('0.15')).toBe(0.15);
		expect(parsePrice(' $2.50 ')).toBe(2.5);
		expect(parsePrice('1,25')).toBe(1.25);
		expect(parsePrice('.5')).toBe(0.5);
		for (const bad of ['', 'abc', '-1', '1e3', '1.2.3']) expect(parsePrice(bad), bad).toBeNull();
	});
});
