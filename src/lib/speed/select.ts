// Which model record the speed check measures: the one asked for, in the quantization this adapter can run
// (q4f16_1 needs shader-f16; the H100 under Chromium/Vulkan has none, so it gets q4f32_1). Pure.
import { chooseQuantization } from '$lib/engines/webllm/fit';
import { filmModel, PREBUILT_MODELS, type ModelSpec, type Quantization } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';
import { NO_BOS } from '$lib/engines/webllm/prompt';

export interface Selection {
	spec: ModelSpec;
	quantization: Quantization;
	reason: string;
}

function variantsOf(model: string, weightsUrl: string): Record<Quantization, ModelSpec> | null {
	if (model === 'FILM-7B' || model.startsWith('FILM-7B-'))
		return { q4f16_1: filmModel('q4f16_1', weightsUrl), q4f32_1: filmModel('q4f32_1', weightsUrl) };
	const base = model.replace(/-q4f(16|32)_1-MLC$/, '');
	const f16 = PREBUILT_MODELS.find((m) => m.id === `${base}-q4f16_1-MLC`);
	const f32 = PREBUILT_MODELS.find((m) => m.id === `${base}-q4f32_1-MLC`);
	return f16 && f32 ? { q4f16_1: f16, q4f32_1: f32 } : null;
}

export function knownModels(): string[] {
	// Only models web-llm builds in both quantizations: the check picks one by the adapter.
	return ['FILM-7B', ...new Set(PREBUILT_MODELS.map((m) => m.id.replace(/-q4f(16|32)_1-MLC$/, '')))].filter((m) => variantsOf(m, 'about:blank'));
}

/**
 * The record to load with synthetic weights at `weightsUrl` (a folder that exists only in IndexedDB) and the
 * library at `libUrl` (default: the record's own). Throws with a user-worded reason when nothing fits.
 */
export function selectModel(
	o: { model: string; quant: 'auto' | Quantization; libUrl: string | null; weightsUrl: string; seed: number },
	gpu: WebGpuStatus
): Selection {
	const v = variantsOf(o.model, o.weightsUrl);
	if (!v) throw new Error(`unknown model "${o.model}" (known: ${knownModels().join(', ')})`);
	let quantization: Quantization;
	let reason: string;
	if (o.quant === 'auto') ({ quantization, reason } = chooseQuantization(gpu, v));
	else {
		quantization = o.quant;
		reason = `${o.quant} asked for in the URL`;
		if (o.quant === 'q4f16_1' && gpu.available && !gpu.shaderF16)
			throw new Error('q4f16_1 was asked for, but this adapter offers no shader-f16: use quant=q4f32_1 or quant=auto');
	}
	const base = v[quantization];
	const id = `speed-synthetic-${base.id}-s${o.seed}`;
	const spec: ModelSpec = {
		...base,
		id,
		label: `${base.label} — synthetic weights: speed only`,
		record: { ...base.record, model: o.weightsUrl, model_id: id, model_lib: o.libUrl ?? base.record.model_lib },
		// The generated vocabulary has no real BOS convention; the ladder feeds ids directly.
		bos: NO_BOS,
		weightsBytes: null,
		userWeights: false
	};
	return { spec, quantization, reason };
}

/**
 * `model=custom&lib=…`: any MLC library, described by itself (its embedded quantization); the adapter must be able
 * to run it. Used by the CI check with a small library.
 */
export function selectCustom(
	o: { quantization: string; modelType: string; libUrl: string; weightsUrl: string; seed: number; maxContext: number },
	gpu: WebGpuStatus
): Selection {
	if (o.quantization !== 'q4f16_1' && o.quantization !== 'q4f32_1') throw new Error(`unsupported quantization ${o.quantization} in the library`);
	const quantization = o.quantization as Quantization;
	const f16 = /f16/.test(quantization);
	if (f16 && gpu.available && !gpu.shaderF16) throw new Error(`the library is ${quantization}, which needs shader-f16; this adapter has none`);
	const id = `speed-synthetic-${o.modelType}-${quantization}-s${o.seed}`;
	return {
		quantization,
		reason: `the library's own quantization (${gpu.available && gpu.shaderF16 ? 'with' : 'without'} shader-f16)`,
		spec: {
			id,
			label: `${o.modelType} (${quantization}) — synthetic weights: speed only`,
			quantization,
			record: { model: o.weightsUrl, model_id: id, model_lib: o.libUrl, overrides: { sliding_window_size: -1 } },
			maxContext: o.maxContext,
			defaultContext: o.maxContext,
			bos: NO_BOS,
			arch: null,
			weightsBytes: null,
			userWeights: false
		}
	};
}
