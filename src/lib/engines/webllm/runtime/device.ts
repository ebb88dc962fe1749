// The GPUDevice a loaded pipeline runs on, reached through its tvmjs runtime (tvm.lib.webGPUContext.device): what
// a device loss looks like to web-llm, and what the real-runtime checks destroy to cause one.

export interface GpuDeviceLike {
	lost?: Promise<{ reason?: string; message?: string }>;
	destroy?(): void;
}

export function deviceOfPipeline(pipeline: unknown): GpuDeviceLike | null {
	const p = pipeline as { tvm?: { lib?: { webGPUContext?: { device?: GpuDeviceLike } } } } | undefined;
	return p?.tvm?.lib?.webGPUContext?.device ?? null;
}
