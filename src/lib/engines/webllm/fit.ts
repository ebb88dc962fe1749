// Will this model run here, at this context length? Decided before any download, from the WebGPU adapter's
// features and limits and an estimate of GPU memory (weights + KV cache + workspace). Browsers do not tell how much
// GPU memory there is, so the budget is the user's (or unknown, which warns instead of refusing).
import type { WebGpuStatus } from '$lib/webgpu';
import { gib } from '$lib/util/bytes';
import { kvBytesPerToken, type ModelSpec, type Quantization } from './models';

/** Activations of one 1,024-token prefill chunk, logits and sampler buffers: a generous round figure. */
export const WORKSPACE_BYTES = 512 * 2 ** 20;

export interface MemoryEstimate {
	weightsBytes: number;
	kvBytes: number;
	workspaceBytes: number;
	totalBytes: number;
	/** The largest single GPU buffer: one layer's KV pages, or the packed embedding table. */
	largestBufferBytes: number;
}

export type FitResult =
	| { ok: true; estimate: MemoryEstimate | null; notes: string[] }
	| { ok: false; reason: string; suggestions: string[]; estimate: MemoryEstimate | null };

export function estimateMemory(spec: ModelSpec, contextWindow: number): MemoryEstimate | null {
	if (!spec.arch || spec.weightsBytes === null) return null;
	const perToken = kvBytesPerToken(spec.arch, spec.quantization);
	const kvBytes = perToken * contextWindow;
	const layerKv = kvBytes / spec.arch.layers;
	const embedding = (spec.arch.vocab * spec.arch.hidden) / 2; // 4-bit packed
	return {
		weightsBytes: spec.weightsBytes,
		kvBytes,
		workspaceBytes: WORKSPACE_BYTES,
		totalBytes: spec.weightsBytes + kvBytes + WORKSPACE_BYTES,
		largestBufferBytes: Math.max(layerKv, embedding)
	};
}

/** Longest context (a multiple of 1,024) whose estimate fits the budget, or 0. */
export function maxContextWithin(spec: ModelSpec, budgetBytes: number): number {
	if (!spec.arch || spec.weightsBytes === null) return 0;
	const room = budgetBytes - spec.weightsBytes - WORKSPACE_BYTES;
	if (room <= 0) return 0;
	const tokens = Math.floor(room / kvBytesPerToken(spec.arch, spec.quantization));
	return Math.min(spec.maxContext, Math.floor(tokens / 1024) * 1024);
}

/** q4f16_1 where the adapter has 16-bit shaders (smaller weights and half the KV cache), else q4f32_1 — and why. */
export function chooseQuantization(
	gpu: WebGpuStatus,
	variants: Record<Quantization, ModelSpec>
): { quantization: Quantization; reason: string } {
	const f32 = variants.q4f32_1;
	const f16 = variants.q4f16_1;
	const size = (s: ModelSpec) => (s.weightsBytes === null ? 'size unknown' : gib(s.weightsBytes));
	if (!gpu.available || !gpu.shaderF16)
		return { quantization: 'q4f32_1', reason: `this GPU's browser offers no 16-bit shaders: using q4f32_1, ${size(f32)}` };
	return {
		quantization: 'q4f16_1',
		reason: `this GPU offers 16-bit shaders: using q4f16_1, ${size(f16)} (q4f32_1 needs ${size(f32)} and twice the KV cache)`
	};
}

export interface FitInput {
	spec: ModelSpec;
	contextWindow: number;
	gpu: WebGpuStatus;
	/** GPU memory the user says is free, in bytes; null when unknown. */
	budgetBytes: number | null;
	/** Other models to suggest when this one does not fit (e.g. the other quantization, smaller models). */
	alternatives?: ModelSpec[];
}

export function checkFit({ spec, contextWindow, gpu, budgetBytes, alternatives = [] }: FitInput): FitResult {
	const estimate = estimateMemory(spec, contextWindow);
	const refuse = (reason: string, suggestions: string[] = []): FitResult => ({ ok: false, reason, suggestions, estimate });
	if (!gpu.available) return refuse(`WebGPU is not available: ${gpu.reason}.`, ['Use a recent Chrome or Edge with WebGPU, or the OpenAI-compatible HTTP engine.']);
	if (contextWindow > spec.maxContext)
		return refuse(`${spec.label} was trained for ${spec.maxContext} tokens, not ${contextWindow}.`, [`Use a context of at most ${spec.maxContext} tokens.`]);
	const needsF16 = spec.quantization === 'q4f16_1';
	if (needsF16 && !gpu.shaderF16) {
		const f32 = alternatives.find((a) => a.quantization === 'q4f32_1' && a.arch?.name === spec.arch?.name);
		const hint = f32?.weightsBytes ? `the q4f32_1 variant (${gib(f32.weightsBytes)} of weights)` : 'a q4f32_1 variant';
		return refuse(`This GPU's browser offers no 16-bit shaders (shader-f16), which ${spec.quantization} needs.`, [`Use ${hint}.`]);
	}
	const notes: string[] = [];
	if (gpu.isFallbackAdapter) notes.push('This is a software (fallback) adapter: a 7B model will be extremely slow.');
	if (!estimate) {
		notes.push('The architecture is unknown, so GPU memory cannot be estimated.');
		return { ok: true, estimate, notes };
	}
	const limit = Math.min(gpu.maxBufferSize, gpu.maxStorageBufferBindingSize);
	if (estimate.largestBufferBytes > limit)
		return refuse(`One GPU buffer would be ${gib(estimate.largestBufferBytes)}, over this adapter's limit of ${gib(limit)}.`, ['Use a shorter context or a smaller model.']);
	const need = `≈ ${gib(estimate.totalBytes)} (weights ${gib(estimate.weightsBytes)} + KV cache ${gib(estimate.kvBytes)} at ${contextWindow} tokens)`;
	if (budgetBytes === null) {
		notes.push(`Needs ${need}; the browser does not say how much GPU memory is free.`);
		return { ok: true, estimate, notes };
	}
	if (estimate.totalBytes <= budgetBytes) {
		notes.push(`Needs ${need} of ${gib(budgetBytes)}.`);
		return { ok: true, estimate, notes };
	}
	const suggestions: string[] = [];
	const shorter = maxContextWithin(spec, budgetBytes);
	if (shorter >= 1024) suggestions.push(`A context of ${shorter} tokens fits.`);
	for (const alt of alternatives) {
		if (alt.id === spec.id || (alt.quantization === 'q4f16_1' && !gpu.shaderF16)) continue;
		const e = estimateMemory(alt, Math.min(contextWindow, alt.maxContext));
		if (e && e.totalBytes <= budgetBytes) suggestions.push(`${alt.label} fits (≈ ${gib(e.totalBytes)}).`);
	}
	if (!suggestions.length) suggestions.push('Nothing listed fits this budget: use the HTTP engine with a local server.');
	return refuse(`${spec.label} at ${contextWindow} tokens needs ${need}, more than the ${gib(budgetBytes)} available.`, suggestions);
}
