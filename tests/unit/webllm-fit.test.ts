import { describe, expect, it } from 'vitest';
import { checkFit, chooseQuantization, estimateMemory, maxContextWithin } from '$lib/engines/webllm/fit';
import { PREBUILT_MODELS, filmModel } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';

const GiB = 2 ** 30;
const gpu = (shaderF16: boolean, over: Partial<WebGpuStatus & { available: true }> = {}): WebGpuStatus => ({
	available: true, vendor: 'nvidia', architecture: '', description: '', shaderF16,
	maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB, isFallbackAdapter: false, ...over
});
const f16 = filmModel('q4f16_1', 'http://localhost/film');
const f32 = filmModel('q4f32_1', 'http://localhost/film');

describe('fit check', () => {
	it('estimates FILM-7B as SPEC §1 does: ≈ 4 GiB of KV at 32K in f16, ≈ 8 GiB in f32', () => {
		expect(estimateMemory(f16, 32768)!.kvBytes).toBe(4 * GiB);
		const e = estimateMemory(f32, 32768)!;
		expect(e.kvBytes).toBe(8 * GiB);
		expect(e.totalBytes / GiB).toBeGreaterThan(12.4);
		expect(e.totalBytes / GiB).toBeLessThan(13);
	});

	it('chooses q4f32_1 when the adapter has no shader-f16, and says why', () => {
		const c = chooseQuantization(gpu(false), { q4f16_1: f16, q4f32_1: f32 });
		expect(c).toEqual({ quantization: 'q4f32_1', reason: "this GPU's browser offers no 16-bit shaders: using q4f32_1, 4.2 GiB" });
		expect(chooseQuantization(gpu(true), { q4f16_1: f16, q4f32_1: f32 }).quantization).toBe('q4f16_1');
	});

	it('refuses q4f16_1 without shader-f16 and points at the q4f32_1 variant', () => {
		const r = checkFit({ spec: f16, contextWindow: 32768, gpu: gpu(false), budgetBytes: null, alternatives: [f32] });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.suggestions[0]).toContain('q4f32_1 variant (4.2 GiB');
	});

	it('refuses what does not fit the budget and offers a shorter context and what fits', () => {
		const r = checkFit({ spec: f32, contextWindow: 32768, gpu: gpu(true), budgetBytes: 10 * GiB, alternatives: [f16, ...PREBUILT_MODELS] });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		const shorter = maxContextWithin(f32, 10 * GiB);
		expect(shorter).toBeGreaterThan(16384);
		expect(shorter).toBeLessThan(32768);
		expect(estimateMemory(f32, shorter)!.totalBytes).toBeLessThanOrEqual(10 * GiB);
		expect(estimateMemory(f32, shorter + 1024)!.totalBytes).toBeGreaterThan(10 * GiB);
		expect(r.suggestions).toContain(`A context of ${shorter} tokens fits.`);
		expect(r.suggestions.some((s) => s.startsWith('FILM-7B (q4f16_1) fits'))).toBe(true);
	});

	it('accepts what fits, and only warns when the memory budget is unknown', () => {
		expect(checkFit({ spec: f32, contextWindow: 32768, gpu: gpu(false), budgetBytes: 16 * GiB }).ok).toBe(true);
		const r = checkFit({ spec: f32, contextWindow: 32768, gpu: gpu(false), budgetBytes: null });
		expect(r.ok && r.notes.join()).toContain('does not say how much GPU memory');
	});

	it('refuses a buffer over the adapter limit, a context over the model window, and no WebGPU', () => {
		expect(checkFit({ spec: f32, contextWindow: 32768, gpu: gpu(false, { maxStorageBufferBindingSize: 128 * 2 ** 20 }), budgetBytes: null }).ok).toBe(false);
		expect(checkFit({ spec: f32, contextWindow: 65536, gpu: gpu(false), budgetBytes: null }).ok).toBe(false);
		expect(checkFit({ spec: f32, contextWindow: 4096, gpu: { available: false, reason: 'none' }, budgetBytes: null }).ok).toBe(false);
	});
});
