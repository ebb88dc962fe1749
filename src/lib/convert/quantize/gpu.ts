// The q4 quantizer on WebGPU: the shader in q4-wgsl.ts gives the same q_weight and q_scale bytes as the CPU
// (q4.ts); per-group error sums come back and are reduced here in f64 (they may differ from the CPU's in the last
// bits, the bytes may not). Large tensors go through in chunks that fit the device's binding and dispatch limits,
// one chunk at a time over reused buffers. A lost device turns every call, pending or later, into a 'device-lost'
// ConvertError, so the conversion can go on with the CPU workers.
import { ConvertError, type ErrorStats, type Target } from '../types';
import { decodeFloats, floatBytes, roundToF16, type FloatDType } from './f16';
import { checkQuantShape, emptyStats, GROUP_SIZE, nonFinite, PER_WORD, type Quantized } from './q4';
import { GPU_DTYPE, Q4_WGSL, WORKGROUP_SIZE } from './q4-wgsl';
import {
	BUFFER_USAGE as U,
	MAP_MODE_READ,
	navigatorGpu,
	type GpuBuffer,
	type GpuDevice,
	type GpuDeviceLostInfo,
	type GpuPipeline
} from './gpu-types';

/** Raw little-endian source bytes, or values already in f32. */
export type GpuSource = Float32Array | { dtype: FloatDType; bytes: Uint8Array };

export interface GpuQuantizerOptions {
	/** A device to use (it stays the caller's); otherwise one is requested from navigator.gpu. */
	device?: GpuDevice;
	/** At most this many groups per dispatch (default 2^18: 8 Mi values, 32 MiB of F32 source). */
	maxGroupsPerDispatch?: number;
	/** At most this many workgroups along x (default: the device's limit); more go along y. */
	maxWorkgroupsPerDimension?: number;
}

export interface GpuQuantizer {
	quantize(src: GpuSource, rows: number, cols: number, target: Target, name?: string): Promise<Quantized>;
	/** Why the device went away, once it has. */
	readonly lost: GpuDeviceLostInfo | null;
	/** Dispatches so far: a tensor beyond one dispatch's limits takes several. */
	readonly dispatches: number;
	destroy(): void;
}

const DEFAULT_MAX_GROUPS = 1 << 18;
const ST_BYTES = 16;

export async function createGpuQuantizer(opts: GpuQuantizerOptions = {}): Promise<GpuQuantizer> {
	const device = opts.device ?? (await requestDevice());
	const owned = !opts.device;
	let lost: GpuDeviceLostInfo | null = null;
	void device.lost.then((info) => (lost = info));

	device.pushErrorScope('validation');
	const module = device.createShaderModule({ code: Q4_WGSL, label: 'q4 quantizer' });
	let pipeline: GpuPipeline;
	try {
		pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: 'q4' });
	} finally {
		const err = await device.popErrorScope();
		if (err) throw new ConvertError('unsupported', `the GPU refused the quantizer shader: ${err.message}`);
	}

	const limits = device.limits;
	const maxX = Math.min(limits.maxComputeWorkgroupsPerDimension, opts.maxWorkgroupsPerDimension ?? Infinity);
	const srcPerGroupMax = GROUP_SIZE * 4;
	const capGroups = Math.max(
		1,
		Math.min(
			opts.maxGroupsPerDispatch ?? DEFAULT_MAX_GROUPS,
			Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / srcPerGroupMax),
			maxX * maxX * WORKGROUP_SIZE
		)
	);
	let buffers: ReturnType<typeof makeBuffers> | null = null;
	let dispatches = 0;
	let queue: Promise<unknown> = Promise.resolve();

	function makeBuffers(groups: number) {
		const storage = (size: number, label: string) => device.createBuffer({ size, usage: U.STORAGE | U.COPY_SRC | U.COPY_DST, label });
		const staging = (size: number, label: string) => device.createBuffer({ size, usage: U.MAP_READ | U.COPY_DST, label });
		return {
			groups,
			params: device.createBuffer({ size: 16, usage: U.UNIFORM | U.COPY_DST, label: 'q4 params' }),
			src: storage(groups * srcPerGroupMax, 'q4 source'),
			qw: storage(groups * 16, 'q4 words'),
			qs: storage(groups * 4, 'q4 scales'),
			st: storage(groups * ST_BYTES, 'q4 stats'),
			qwRead: staging(groups * 16, 'q4 words read'),
			qsRead: staging(groups * 4, 'q4 scales read'),
			stRead: staging(groups * ST_BYTES, 'q4 stats read')
		};
	}
	function destroyBuffers() {
		if (!buffers) return;
		for (const b of Object.values(buffers)) if (typeof b === 'object') (b as GpuBuffer).destroy();
		buffers = null;
	}

	function lostError(name: string, cause?: unknown): ConvertError {
		const why = lost ? `${lost.reason || 'lost'}${lost.message ? `: ${lost.message}` : ''}` : cause instanceof Error ? cause.message : String(cause);
		return new ConvertError('device-lost', `the GPU stopped while quantizing ${name} (${why}); the conversion can go on with CPU workers`);
	}

	async function runChunk(bytes: Uint8Array, dtype: FloatDType, groups: number, half: boolean) {
		if (!buffers || buffers.groups < groups) {
			destroyBuffers();
			buffers = makeBuffers(Math.min(capGroups, Math.max(groups, 1024)));
		}
		const b = buffers;
		device.pushErrorScope('validation');
		device.queue.writeBuffer(b.params, 0, Uint32Array.of(groups, GPU_DTYPE[dtype], half ? 1 : 0, 0));
		device.queue.writeBuffer(b.src, 0, bytes, 0, bytes.byteLength);
		const bind = device.createBindGroup({
			layout: pipeline.getBindGroupLayout(0),
			entries: [
				{ binding: 0, resource: { buffer: b.params } },
				{ binding: 1, resource: { buffer: b.src, size: bytes.byteLength } },
				{ binding: 2, resource: { buffer: b.qw, size: groups * 16 } },
				{ binding: 3, resource: { buffer: b.qs, size: groups * 4 } },
				{ binding: 4, resource: { buffer: b.st, size: groups * ST_BYTES } }
			]
		});
		const enc = device.createCommandEncoder();
		const pass = enc.beginComputePass();
		pass.setPipeline(pipeline);
		pass.setBindGroup(0, bind);
		const workgroups = Math.ceil(groups / WORKGROUP_SIZE);
		const x = Math.min(workgroups, maxX);
		pass.dispatchWorkgroups(x, Math.ceil(workgroups / x));
		pass.end();
		enc.copyBufferToBuffer(b.qw, 0, b.qwRead, 0, groups * 16);
		enc.copyBufferToBuffer(b.qs, 0, b.qsRead, 0, groups * 4);
		enc.copyBufferToBuffer(b.st, 0, b.stRead, 0, groups * ST_BYTES);
		device.queue.submit([enc.finish()]);
		dispatches++;
		const err = await device.popErrorScope();
		if (err) throw new Error(`validation: ${err.message}`);
		await Promise.all([b.qwRead.mapAsync(MAP_MODE_READ), b.qsRead.mapAsync(MAP_MODE_READ), b.stRead.mapAsync(MAP_MODE_READ)]);
		const out = {
			qw: new Uint32Array(b.qwRead.getMappedRange(0, groups * 16).slice(0)),
			qs: new Uint32Array(b.qsRead.getMappedRange(0, groups * 4).slice(0)),
			st: new Uint32Array(b.stRead.getMappedRange(0, groups * ST_BYTES).slice(0))
		};
		b.qwRead.unmap();
		b.qsRead.unmap();
		b.stRead.unmap();
		return out;
	}

	async function quantizeNow(src: GpuSource, rows: number, cols: number, target: Target, name: string): Promise<Quantized> {
		checkQuantShape(rows, cols, name);
		const { dtype, bytes } = src instanceof Float32Array ? { dtype: 'F32' as const, bytes: new Uint8Array(src.buffer, src.byteOffset, src.byteLength) } : src;
		const size = floatBytes(dtype);
		const n = rows * cols;
		if (bytes.byteLength !== n * size) throw new Error(`${name}: ${bytes.byteLength} bytes of ${dtype} for [${rows}, ${cols}]`);
		if (lost) throw lostError(name);
		const half = target === 'q4f16_1';
		const groups = n / GROUP_SIZE;
		const qWeight = new Uint32Array(n / PER_WORD);
		const qScale = half ? new Uint16Array(groups) : new Float32Array(groups);
		const qScaleBits = half ? (qScale as Uint16Array) : new Uint32Array(qScale.buffer);
		const stats = emptyStats();
		for (let g0 = 0; g0 < groups; g0 += capGroups) {
			const count = Math.min(capGroups, groups - g0);
			const chunk = bytes.subarray(g0 * GROUP_SIZE * size, (g0 + count) * GROUP_SIZE * size);
			let out;
			try {
				out = await runChunk(chunk, dtype, count, half);
			} catch (e) {
				throw lostError(name, e);
			}
			qWeight.set(out.qw, g0 * 4);
			qScaleBits.set(out.qs, g0);
			const bad = addGroupStats(out.st, count, stats);
			if (bad >= 0) throw locateBadValue(chunk, dtype, bad, (g0 + bad) * GROUP_SIZE, cols, half, name);
		}
		return { qWeight: new Uint8Array(qWeight.buffer), qScale: new Uint8Array(qScale.buffer), stats };
	}

	return {
		quantize(src, rows, cols, target, name = 'tensor') {
			// One call at a time: the calls share the device buffers.
			const run = queue.then(() => quantizeNow(src, rows, cols, target, name));
			queue = run.catch(() => undefined);
			return run;
		},
		get lost() {
			return lost;
		},
		get dispatches() {
			return dispatches;
		},
		destroy() {
			destroyBuffers();
			if (owned) device.destroy();
		}
	};
}

async function requestDevice(): Promise<GpuDevice> {
	const gpu = navigatorGpu();
	const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
	if (!adapter) throw new ConvertError('unsupported', 'this browser offers no WebGPU adapter: the converter quantizes on CPU workers instead');
	const l = adapter.limits;
	return adapter.requestDevice({
		label: 'converter',
		requiredLimits: { maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxBufferSize: l.maxBufferSize }
	});
}

const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);
function bitsToF32(b: number): number {
	u32View[0] = b;
	return f32View[0];
}

/** Reduces the per-group sums in f64 (undoing each group's power-of-two scale); returns a group with a bad value, or −1. */
function addGroupStats(st: Uint32Array, groups: number, stats: ErrorStats): number {
	let sumSq = 0;
	let sumErrSq = 0;
	let maxErr = stats.maxAbsErr;
	for (let g = 0; g < groups; g++) {
		const tag = st[g * 4 + 3];
		if (tag & 1) return g;
		const unscale = 2 ** (-2 * ((tag >>> 1) - 127));
		sumSq += bitsToF32(st[g * 4]) * unscale;
		sumErrSq += bitsToF32(st[g * 4 + 1]) * unscale;
		maxErr = Math.max(maxErr, bitsToF32(st[g * 4 + 2]));
	}
	stats.count += groups * GROUP_SIZE;
	stats.sumSq += sumSq;
	stats.sumErrSq += sumErrSq;
	stats.maxAbsErr = maxErr;
	return -1;
}

/** The same error the CPU quantizer gives for this group's first bad value. */
function locateBadValue(chunk: Uint8Array, dtype: FloatDType, group: number, index0: number, cols: number, half: boolean, name: string): ConvertError {
	const size = floatBytes(dtype);
	const values = new Float32Array(GROUP_SIZE);
	decodeFloats(dtype, chunk.subarray(group * GROUP_SIZE * size, (group + 1) * GROUP_SIZE * size), values);
	for (let i = 0; i < GROUP_SIZE; i++) {
		const v = values[i];
		if (!Number.isFinite(v) || (half && !Number.isFinite(roundToF16(v)))) return nonFinite(name, index0 + i, cols, v);
	}
	return new ConvertError('format', `${name}: the GPU flagged a value near element ${index0} that the CPU finds finite`);
}
