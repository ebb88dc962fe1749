// Where a run's time estimate comes from, in this order: this browser's own speed check (stored), else the
// measurements of the closest known device — same GPU vendor, and architecture where both report one — with its
// name, else nothing ("unknown — run the speed check"). Pure.
import type { ModelSpec } from '$lib/engines/webllm/models';
import { filmModel, PREBUILT_MODELS } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';
import type { KnownDevice } from './known-devices';
import type { SpeedRecord } from './speed-results';
import { speedModelOf } from './speed-results';

export type SpeedSource =
	| { kind: 'browser'; records: SpeedRecord[]; label: string }
	| { kind: 'known'; records: SpeedRecord[]; label: string }
	| { kind: 'none'; reason: string };

/** Software renderers (SwiftShader, llvmpipe, WARP …) run WebGPU on the CPU. */
export function isSoftwareAdapter(gpu: WebGpuStatus): gpu is Extract<WebGpuStatus, { available: true }> {
	if (!gpu.available) return false;
	return gpu.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i.test(`${gpu.vendor} ${gpu.architecture} ${gpu.description}`);
}

const norm = (s: string) => s.trim().toLowerCase();

/** The architecture a speed-check model name stands for (FILM-7B: Mistral-7B's). */
function archOf(model: string): string | null {
	if (model === 'FILM-7B') return filmModel('q4f32_1', '').arch?.name ?? null;
	return PREBUILT_MODELS.find((m) => speedModelOf(m.id) === model)?.arch?.name ?? null;
}

/** Measurements of another model count only when it has the same architecture (same shapes, same cost). */
function sameModel(record: SpeedRecord, model: ModelSpec): boolean {
	if (record.model === speedModelOf(model.id)) return true;
	const a = archOf(record.model);
	return a !== null && a === model.arch?.name;
}

function describe(r: SpeedRecord): string {
	return `${r.model} ${r.quantization}, ${r.date.slice(0, 10)}, web-llm ${r.webllmVersion}`;
}

/** The known device closest to this adapter, and how close; null when none shares its vendor. */
export function matchKnownDevice(gpu: WebGpuStatus, devices: readonly KnownDevice[]): { device: KnownDevice; how: string } | null {
	if (!gpu.available || !norm(gpu.vendor)) return null;
	let best: { device: KnownDevice; how: string; rank: number } | null = null;
	for (const device of devices) {
		const a = device.records[0].adapter;
		if (norm(a.vendor) !== norm(gpu.vendor)) continue;
		const both = norm(a.architecture) && norm(gpu.architecture);
		const rank = both && norm(a.architecture) === norm(gpu.architecture) ? 2 : 1;
		const how =
			rank === 2
				? `same vendor and architecture (${gpu.vendor} ${gpu.architecture})`
				: `same vendor (${gpu.vendor}); ${both ? `its architecture is ${a.architecture}, this one ${gpu.architecture}` : 'its architecture was not reported'}`;
		if (!best || rank > best.rank) best = { device, how, rank };
	}
	return best && { device: best.device, how: best.how };
}

export function chooseSpeedSource(o: { gpu: WebGpuStatus | null; model: ModelSpec | null; stored: SpeedRecord | null; known: readonly KnownDevice[] }): SpeedSource {
	const { gpu, model } = o;
	if (!model) return { kind: 'none', reason: 'choose a model first' };
	if (o.stored && sameModel(o.stored, model))
		return { kind: 'browser', records: [o.stored], label: `this browser's speed check (${describe(o.stored)})` };
	if (!gpu) return { kind: 'none', reason: 'this browser’s GPU is still being checked' };
	if (!gpu.available) return { kind: 'none', reason: `WebGPU is not available here (${gpu.reason})` };
	const match = matchKnownDevice(gpu, o.known);
	if (!match) return { kind: 'none', reason: `no device the project measured matches this adapter (${gpu.vendor || 'unknown vendor'} ${gpu.architecture})`.trim() };
	const records = match.device.records.filter((r) => sameModel(r, model));
	if (!records.length) return { kind: 'none', reason: `${match.device.name} was measured with another model (${match.device.records[0].model})` };
	return { kind: 'known', records, label: `the measurements of ${match.device.name}, the closest known device: ${match.how} (${describe(records[0])})` };
}
