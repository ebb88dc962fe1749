// The slice of the WebGPU API the quantizer uses, typed here (the project carries no @webgpu/types), so that a test
// can hand in a device and the rest of the code stays checked. Flags are the spec's numbers.

export const BUFFER_USAGE = { MAP_READ: 0x0001, COPY_SRC: 0x0004, COPY_DST: 0x0008, UNIFORM: 0x0040, STORAGE: 0x0080 } as const;
export const MAP_MODE_READ = 0x0001;

export interface GpuBuffer {
	readonly size: number;
	mapAsync(mode: number): Promise<void>;
	getMappedRange(offset?: number, size?: number): ArrayBuffer;
	unmap(): void;
	destroy(): void;
}

export interface GpuComputePass {
	setPipeline(p: unknown): void;
	setBindGroup(index: number, group: unknown): void;
	dispatchWorkgroups(x: number, y?: number, z?: number): void;
	end(): void;
}

export interface GpuCommandEncoder {
	beginComputePass(): GpuComputePass;
	copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): void;
	finish(): unknown;
}

export interface GpuQueue {
	writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView | ArrayBuffer, dataOffset?: number, size?: number): void;
	submit(buffers: unknown[]): void;
	onSubmittedWorkDone(): Promise<void>;
}

export interface GpuLimits {
	maxStorageBufferBindingSize: number;
	maxBufferSize: number;
	maxComputeWorkgroupsPerDimension: number;
}

export interface GpuDeviceLostInfo {
	reason: string;
	message: string;
}

export interface GpuError {
	message: string;
}

export interface GpuDevice {
	readonly limits: GpuLimits;
	readonly queue: GpuQueue;
	readonly lost: Promise<GpuDeviceLostInfo>;
	createBuffer(d: { size: number; usage: number; label?: string }): GpuBuffer;
	createShaderModule(d: { code: string; label?: string }): { getCompilationInfo?(): Promise<{ messages: readonly { type: string; message: string; lineNum: number }[] }> };
	createComputePipelineAsync(d: { layout: 'auto'; compute: { module: unknown; entryPoint: string }; label?: string }): Promise<GpuPipeline>;
	createBindGroup(d: { layout: unknown; entries: { binding: number; resource: { buffer: GpuBuffer; offset?: number; size?: number } }[] }): unknown;
	createCommandEncoder(): GpuCommandEncoder;
	pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
	popErrorScope(): Promise<GpuError | null>;
	destroy(): void;
}

export interface GpuPipeline {
	getBindGroupLayout(index: number): unknown;
}

export interface GpuAdapter {
	readonly limits: GpuLimits;
	requestDevice(d?: { requiredLimits?: Record<string, number>; label?: string }): Promise<GpuDevice>;
}

export interface GpuEntry {
	requestAdapter(o?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapter | null>;
}

/** navigator.gpu where the page or worker has one. */
export function navigatorGpu(): GpuEntry | null {
	const nav = (globalThis as { navigator?: { gpu?: GpuEntry } }).navigator;
	return nav?.gpu ?? null;
}
