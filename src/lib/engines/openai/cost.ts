// What a cloud run costs, from token usage and the prices the user types in (providers quote dollars per
// million tokens, separately for input and output).
import type { Usage } from '$lib/types';

export interface TokenPrice {
	/** Currency units per 1,000,000 prompt tokens. */
	inputPerMillion: number;
	/** Currency units per 1,000,000 completion tokens. */
	outputPerMillion: number;
}

export interface CostEstimate {
	promptTokens: number;
	completionTokens: number;
	input: number;
	output: number;
	total: number;
}

export function estimateCost(usages: Usage | ReadonlyArray<Usage>, price: TokenPrice): CostEstimate {
	for (const [name, v] of Object.entries(price))
		if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a price >= 0, got ${v}`);
	const list = Array.isArray(usages) ? usages : [usages as Usage];
	let promptTokens = 0;
	let completionTokens = 0;
	for (const u of list) {
		promptTokens += u.promptTokens;
		completionTokens += u.completionTokens;
	}
	const input = (promptTokens * price.inputPerMillion) / 1e6;
	const output = (completionTokens * price.outputPerMillion) / 1e6;
	return { promptTokens, completionTokens, input, output, total: input + output };
}

/** Reads a price as typed in a form ("0.15", "$2.50", "1,25"); null when it is not a price. */
export function parsePrice(text: string): number | null {
	const t = text.trim().replace(/^\$\s*/, '').replace(/^(\d+),(\d+)$/, '$1.$2');
	if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null;
	return Number(t);
}
