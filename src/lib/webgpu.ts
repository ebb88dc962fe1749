// What this browser's WebGPU adapter offers: the facts every fit check starts from.

export type WebGpuStatus =
	| { available: false; reason: string }
	| {
			available: true;
			vendor: string;
			architecture: string;
			description: string;
			shaderF16: boolean;
			maxBufferSize: number;
			maxStorageBufferBindingSize: number;
			isFallbackAdapter: boolean;
	  };

interface GpuLike {
	requestAdapter(opts?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
interface AdapterLike {
	features: { has(name: string): boolean };
	limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
	info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
	isFallbackAdapter?: boolean;
}

export async function probeWebGpu(gpu?: GpuLike | null): Promise<WebGpuStatus> {
	const g = gpu ?? (typeof navigator !== 'undefined' ? (navigator as unknown as { gpu?: GpuLike }).gpu : undefined);
	if (!g) return { available: false, reason: 'this browser exposes no navigator.gpu (try a recent Chrome or Edge)' };
	let adapter: AdapterLike | null;
	try {
		adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
	} catch (e) {
		return { available: false, reason: `requestAdapter failed: ${(e as Error).message}` };
	}
	if (!adapter) return { available: false, reason: 'no GPU adapter was offered (the GPU may be blocklisted or disabled)' };
	const info = adapter.info ?? {};
	return {
		available: true,
		vendor: info.vendor ?? '',
		architecture: info.architecture ?? '',
		description: info.description ?? '',
		shaderF16: adapter.features.has('shader-f16'),
		maxBufferSize: adapter.limits.maxBufferSize,
		maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
		isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter)
	};
}
