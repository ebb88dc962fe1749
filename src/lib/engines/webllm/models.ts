// Model records for the WebLLM engine. The prebuilt ids, library URLs and VRAM figures are those of the pinned
// web-llm 0.2.86 `prebuiltAppConfig` (tests/unit/webllm-models.test.ts compares them); web-llm itself is not imported
// here, so the page bundle stays small. FILM-7B has no public MLC build: its weights come from a URL the user sets,
// run by the prebuilt Mistral-7B-Instruct library of the same quantization (same architecture; SPEC §1), or converted in
// the browser from its public release (src/lib/convert/, app/converted-spec.ts).
import type { ModelRecordLike } from './module';
import { LLAMA3_BOS, MISTRAL_BOS, NO_BOS, type BosRule } from './prompt';

export type Quantization = 'q4f16_1' | 'q4f32_1';

/** What the fit check needs to estimate GPU memory. */
export interface Architecture {
	name: string;
	/** Parameters, for the weight-size estimate. */
	params: number;
	layers: number;
	kvHeads: number;
	headDim: number;
	hidden: number;
	vocab: number;
}

export interface ModelSpec {
	id: string;
	label: string;
	quantization: Quantization;
	record: ModelRecordLike;
	/** The window the model was trained for: the most the fit check will offer. */
	maxContext: number;
	/** What web-llm's prebuilt record loads with by default. */
	defaultContext: number;
	bos: BosRule;
	arch: Architecture | null;
	/** Weight bytes (measured where known, else estimated from the parameter count). */
	weightsBytes: number | null;
	/** The user supplies the weights URL (FILM-7B, custom models). */
	userWeights: boolean;
}

export const LIB_PREFIX = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';
const HF = 'https://huggingface.co/mlc-ai/';

export const ARCH = {
	mistral7b: { name: 'Mistral-7B', params: 7.24e9, layers: 32, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 32768 },
	llama31_8b: { name: 'Llama-3.1-8B', params: 8.03e9, layers: 32, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 128256 },
	qwen25_7b: { name: 'Qwen2.5-7B', params: 7.62e9, layers: 28, kvHeads: 4, headDim: 128, hidden: 3584, vocab: 152064 },
	phi35mini: { name: 'Phi-3.5-mini', params: 3.82e9, layers: 32, kvHeads: 32, headDim: 96, hidden: 3072, vocab: 32064 }
} satisfies Record<string, Architecture>;

/** Bits per parameter: 4-bit groups of 32 with an f16 (q4f16_1) or f32 (q4f32_1) scale. */
export const BITS_PER_PARAM: Record<Quantization, number> = { q4f16_1: 4.5, q4f32_1: 5 };

export function estimateWeightsBytes(arch: Architecture, q: Quantization): number {
	return Math.round((arch.params * BITS_PER_PARAM[q]) / 8);
}

/** KV bytes per token: layers × KV heads × head dim × (K and V) × element size (f16 for q4f16, f32 for q4f32). */
export function kvBytesPerToken(arch: Architecture, q: Quantization): number {
	return arch.layers * arch.kvHeads * arch.headDim * 2 * (q === 'q4f16_1' ? 2 : 4);
}

export function mistralLibrary(q: Quantization): string {
	return `${LIB_PREFIX}Mistral-7B-Instruct-v0.3-${q}_cs1k-webgpu.wasm`;
}

export const FILM_CONTEXT = 32768;
/** Measured: FILM-7B's architecture in q4f32_1 with a 32,000-token vocabulary (real-engine/NOTES.md). */
const FILM_Q4F32_BYTES = 4.22 * 2 ** 30;

/** FILM-7B at a user-hosted MLC weight folder, with the Mistral library of the same quantization. */
export function filmModel(q: Quantization, weightsUrl: string, contextWindow = FILM_CONTEXT): ModelSpec {
	return {
		id: `FILM-7B-${q}-MLC`,
		label: `FILM-7B (${q})`,
		quantization: q,
		record: {
			model: weightsUrl,
			model_id: `FILM-7B-${q}-MLC`,
			model_lib: mistralLibrary(q),
			overrides: { context_window_size: contextWindow, sliding_window_size: -1 },
			...(q === 'q4f16_1' ? { required_features: ['shader-f16'] } : {})
		},
		maxContext: FILM_CONTEXT,
		defaultContext: FILM_CONTEXT,
		bos: MISTRAL_BOS,
		arch: ARCH.mistral7b,
		weightsBytes: q === 'q4f32_1' ? FILM_Q4F32_BYTES : estimateWeightsBytes(ARCH.mistral7b, q),
		userWeights: true
	};
}

interface Prebuilt {
	hf: string;
	lib: string;
	label: string;
	arch: Architecture;
	bos: BosRule;
	maxContext: number;
	vramMB: Partial<Record<Quantization, number>>;
	slidingWindowOff?: boolean;
	/** The quantizations web-llm builds of it (default both). */
	only?: Quantization[];
}

// Phi-3.5's tokenizer config sets add_bos_token false, Qwen has no BOS at all.
// Real windows: Mistral v0.3 32K, Llama 3.1 128K, Qwen2.5-7B 32K (128K only with YaRN), Phi-3.5-mini 128K.
const PREBUILT: Prebuilt[] = [
	{ hf: 'Mistral-7B-Instruct-v0.3', lib: 'Mistral-7B-Instruct-v0.3', label: 'Mistral-7B-Instruct v0.3', arch: ARCH.mistral7b, bos: MISTRAL_BOS, maxContext: 32768, vramMB: { q4f16_1: 4573.39, q4f32_1: 5619.27 }, slidingWindowOff: true },
	{ hf: 'Llama-3.1-8B-Instruct', lib: 'Llama-3_1-8B-Instruct', label: 'Llama-3.1-8B-Instruct', arch: ARCH.llama31_8b, bos: LLAMA3_BOS, maxContext: 131072, vramMB: { q4f16_1: 5001, q4f32_1: 6101.01 } },
	{ hf: 'Qwen2.5-7B-Instruct', lib: 'Qwen2-7B-Instruct', label: 'Qwen2.5-7B-Instruct', arch: ARCH.qwen25_7b, bos: NO_BOS, maxContext: 32768, vramMB: { q4f16_1: 5106.67, q4f32_1: 5900.09 } },
	{ hf: 'Phi-3.5-mini-instruct', lib: 'Phi-3.5-mini-instruct', label: 'Phi-3.5-mini-instruct', arch: ARCH.phi35mini, bos: NO_BOS, maxContext: 131072, vramMB: { q4f16_1: 3672.07, q4f32_1: 5483.12 } },
	// FILM's baseline (SPEC §1, Table 1): web-llm builds it only as q4f16_1, on the v0.3 library (same architecture).
	{ hf: 'Mistral-7B-Instruct-v0.2', lib: 'Mistral-7B-Instruct-v0.3', label: 'Mistral-7B-Instruct v0.2', arch: ARCH.mistral7b, bos: MISTRAL_BOS, maxContext: 32768, vramMB: { q4f16_1: 4573.39 }, slidingWindowOff: true, only: ['q4f16_1'] }
];

function prebuiltSpec(p: Prebuilt, q: Quantization): ModelSpec {
	const id = `${p.hf}-${q}-MLC`;
	return {
		id,
		label: `${p.label} (${q})`,
		quantization: q,
		record: {
			model: `${HF}${id}`,
			model_id: id,
			model_lib: `${LIB_PREFIX}${p.lib}-${q}_cs1k-webgpu.wasm`,
			vram_required_MB: p.vramMB[q],
			overrides: { context_window_size: 4096, ...(p.slidingWindowOff ? { sliding_window_size: -1 } : {}) },
			...(q === 'q4f16_1' && p.slidingWindowOff ? { required_features: ['shader-f16'] } : {})
		},
		maxContext: p.maxContext,
		defaultContext: 4096,
		bos: p.bos,
		arch: p.arch,
		weightsBytes: estimateWeightsBytes(p.arch, q),
		userWeights: false
	};
}

export const PREBUILT_MODELS: ModelSpec[] = PREBUILT.flatMap((p) => (p.only ?? (['q4f16_1', 'q4f32_1'] as const)).map((q) => prebuiltSpec(p, q)));

/** The paper's baseline as web-llm ships it (q4f16_1 only: it needs shader-f16). */
export const BASELINE_PREBUILT_ID = 'Mistral-7B-Instruct-v0.2-q4f16_1-MLC';

/** The record web-llm loads: the chosen context window set at load, never a sliding window (reuse needs none). */
export function recordForLoad(spec: ModelSpec, contextWindow: number): ModelRecordLike {
	return {
		...spec.record,
		overrides: { ...spec.record.overrides, context_window_size: contextWindow, sliding_window_size: -1 }
	};
}

/** The URL web-llm fetches from (its `cleanModelUrl`): "/resolve/main/" is appended unless a revision is named. */
export function resolvedModelUrl(url: string): string {
	let u = url.endsWith('/') ? url : url + '/';
	if (!/.+\/resolve\/.+\//.test(u)) u += 'resolve/main/';
	return new URL(u).href;
}
