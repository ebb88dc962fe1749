import { describe, expect, it } from 'vitest';
import { parseSpeedParams, windowFor } from '$lib/speed/params';
import { selectModel } from '$lib/speed/select';
import { speedCharts } from '$lib/speed/chart';
import type { WebGpuStatus } from '$lib/webgpu';

const gpu = (shaderF16: boolean): WebGpuStatus => ({
	available: true, vendor: 'nvidia', architecture: 'hopper', description: '', shaderF16,
	maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31, isFallbackAdapter: false
});

describe('parseSpeedParams', () => {
	it('reads the harness parameters', () => {
		const { params, errors } = parseSpeedParams(new URLSearchParams('lens=16,8,16&dec=1&ql=2&worker=0279&auto=1&post=/result&lib=/lib.wasm&ctx=256&scp=8&scq=2'));
		expect(errors).toEqual([]);
		expect(params).toMatchObject({ lengths: [8, 16], decodeSteps: 1, questionTokens: 2, worker: '0279', auto: true, post: '/result', lib: '/lib.wasm', contextWindow: 256, checkPrefix: 8, checkQuestion: 2 });
	});
	it('has defaults for the GPU ladder and refuses bad values', () => {
		expect(parseSpeedParams(new URLSearchParams('')).params).toMatchObject({ lengths: [1024, 4096, 16384], worker: '0286', auto: false, post: null, model: 'FILM-7B' });
		const bad = parseSpeedParams(new URLSearchParams('lens=8,x&worker=9&post=https://evil.example/x&quant=q8'));
		expect(bad.errors).toHaveLength(4);
		expect(bad.params.post).toBeNull();
	});
	it('sizes the window to the longest rung', () => {
		expect(windowFor({ lengths: [1024, 16384], decodeSteps: 16, questionTokens: 60, contextWindow: null })).toBe(17408);
		expect(windowFor({ lengths: [8], decodeSteps: 1, questionTokens: 2, contextWindow: 256 })).toBe(256);
	});
});

describe('selectModel', () => {
	const o = { model: 'FILM-7B', quant: 'auto' as const, libUrl: null, weightsUrl: 'http://127.0.0.1:1/__speed-synthetic__/x', seed: 1 };
	it('picks q4f32_1 where the adapter has no shader-f16 (the H100 under Chromium/Vulkan)', () => {
		const s = selectModel(o, gpu(false));
		expect(s.quantization).toBe('q4f32_1');
		expect(s.spec.record.model_lib).toMatch(/q4f32_1/);
		expect(s.spec.record.model).toBe(o.weightsUrl);
		expect(s.spec.label).toMatch(/synthetic weights: speed only/);
	});
	it('picks q4f16_1 with shader-f16, and honours a library URL', () => {
		const s = selectModel({ ...o, libUrl: 'http://h/lib.wasm' }, gpu(true));
		expect(s.quantization).toBe('q4f16_1');
		expect(s.spec.record.model_lib).toBe('http://h/lib.wasm');
	});
	it('refuses q4f16_1 forced on an adapter without shader-f16, and unknown models', () => {
		expect(() => selectModel({ ...o, quant: 'q4f16_1' }, gpu(false))).toThrow(/shader-f16/);
		expect(() => selectModel({ ...o, model: 'nope' }, gpu(true))).toThrow(/unknown model/);
		expect(selectModel({ ...o, model: 'Qwen2.5-7B-Instruct' }, gpu(false)).spec.record.model_lib).toMatch(/Qwen2-7B-Instruct-q4f32_1/);
	});
});

describe('speedCharts', () => {
	it('draws one path per series through every rung', () => {
		const rows = [8, 16].map((n) => ({ n, prefillS: 1, prefillTokS: n, decodeSteps: 1, decodeS: 1, decodeTokS: 1, questionTokens: 2, questionChunkS: 0.5, questionDecodeS: 1, kvRestored: true }));
		const c = speedCharts(rows);
		expect(c.map((x) => x.title)).toEqual(['prefill', 'decode', 'one question']);
		expect(c[2].paths).toHaveLength(2);
		expect(c[0].paths[0].d).toMatch(/^M36,\d+(\.\d)?L232,\d+/);
		expect(c[0].xTicks.map((t) => t.label)).toEqual(['8', '16']);
	});
});
