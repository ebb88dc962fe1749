import { describe, expect, it } from 'vitest';
import { probeWebGpu } from '$lib/webgpu';

describe('WebGPU probe in real Chromium', () => {
	it('reports the software adapter and its limits', async () => {
		const s = await probeWebGpu();
		expect(s.available).toBe(true);
		if (!s.available) return;
		expect(s.maxBufferSize).toBeGreaterThan(0);
		expect(typeof s.shaderF16).toBe('boolean');
	});

	it('says why when the browser has no WebGPU', async () => {
		const s = await probeWebGpu({ requestAdapter: async () => null });
		expect(s).toEqual({ available: false, reason: expect.stringContaining('no GPU adapter') });
	});
});
