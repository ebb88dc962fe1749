// A "custom model" record from a form: weights URL, model library URL, context window, quantization, architecture.
// Input is untrusted form text, so every field is checked and errors are reported per field.
import { ARCH, estimateWeightsBytes, type ModelSpec, type Quantization } from './models';
import { MISTRAL_BOS, LLAMA3_BOS, NO_BOS, type BosRule } from './prompt';

export interface CustomModelForm {
	label?: string;
	weightsUrl: string;
	modelLibUrl: string;
	contextWindow: string | number;
	quantization: string;
	/** Key of ARCH, or "unknown" (then the fit check cannot estimate memory). */
	architecture?: string;
	/** "mistral" (<s>), "llama3" (<|begin_of_text|>) or "none". */
	bos?: string;
}

export type CustomModelResult = { ok: true; spec: ModelSpec } | { ok: false; errors: Partial<Record<keyof CustomModelForm, string>> };

const BOS_RULES: Record<string, BosRule> = { mistral: MISTRAL_BOS, llama3: LLAMA3_BOS, none: NO_BOS };

function httpUrl(s: string): URL | null {
	try {
		const u = new URL(s.trim());
		return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
	} catch {
		return null;
	}
}

export function customModel(form: CustomModelForm): CustomModelResult {
	const errors: Partial<Record<keyof CustomModelForm, string>> = {};
	const weights = httpUrl(form.weightsUrl);
	if (!weights) errors.weightsUrl = 'Give the http(s) URL of an MLC weight folder (it holds mlc-chat-config.json).';
	const lib = httpUrl(form.modelLibUrl);
	if (!lib) errors.modelLibUrl = 'Give the http(s) URL of a compiled model library (.wasm).';
	else if (!lib.pathname.endsWith('.wasm')) errors.modelLibUrl = 'A model library URL ends in .wasm.';
	const ctx = typeof form.contextWindow === 'number' ? form.contextWindow : Number(String(form.contextWindow).trim());
	if (!Number.isInteger(ctx) || ctx < 256 || ctx > 1_048_576)
		errors.contextWindow = 'The context window is a whole number of tokens between 256 and 1,048,576.';
	const q = form.quantization as Quantization;
	if (q !== 'q4f16_1' && q !== 'q4f32_1') errors.quantization = 'Choose q4f16_1 or q4f32_1.';
	const archKey = form.architecture ?? 'unknown';
	if (archKey !== 'unknown' && !(archKey in ARCH)) errors.architecture = `Unknown architecture "${archKey}".`;
	const bos = BOS_RULES[form.bos ?? 'mistral'];
	if (!bos) errors.bos = 'BOS is "mistral", "llama3" or "none".';
	if (Object.keys(errors).length || !weights || !lib) return { ok: false, errors };

	const arch = archKey === 'unknown' ? null : ARCH[archKey as keyof typeof ARCH];
	// A stable id from the URL, so the same weights are recognised in the cache across sessions.
	const slug = weights.href.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+$/, '');
	const id = `custom-${slug}-${q}`;
	return {
		ok: true,
		spec: {
			id,
			label: form.label?.trim() || `Custom (${weights.host}, ${q})`,
			quantization: q,
			record: {
				model: weights.href,
				model_id: id,
				model_lib: lib.href,
				overrides: { context_window_size: ctx, sliding_window_size: -1 },
				...(q === 'q4f16_1' ? { required_features: ['shader-f16'] } : {})
			},
			maxContext: ctx,
			defaultContext: ctx,
			bos,
			arch,
			weightsBytes: arch ? estimateWeightsBytes(arch, q) : null,
			userWeights: true
		}
	};
}
