// A model converted in this browser, seen by the rest of the app: its id, the WebLLM record that loads it from
// web-llm's cache, and the provenance every run made with it carries. Pure: the converted model's record comes in.
import { fidelitySummary, type ConvertedModel } from '$lib/convert/record';
import { ARCH, mistralLibrary, type ModelSpec, type Quantization } from '$lib/engines/webllm/models';
import { MISTRAL_BOS, NO_BOS } from '$lib/engines/webllm/prompt';
import type { WeightsProvenance } from '$lib/store/schema';

/** Converted models' ids end so: they never collide with web-llm's prebuilt ids or the user-hosted FILM-7B ones. */
export const CONVERTED_SUFFIX = '-converted';

export function isConvertedModelId(id: string): boolean {
	return id.endsWith(CONVERTED_SUFFIX);
}

/** "FILM-7B" + q4f32_1 → "FILM-7B-q4f32_1-converted"; any label becomes a plain slug first. */
export function convertedModelId(name: string, target: Quantization): string {
	const slug = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
	return `${slug}-${target}${CONVERTED_SUFFIX}`;
}

/**
 * The architecture the fit check estimates memory with. The library decides it: a conversion for web-llm's own
 * Mistral-7B library is a Mistral-7B; for any other library the app does not know the size (the fit check then
 * says it cannot estimate, rather than guessing).
 */
function architectureOf(m: ConvertedModel) {
	return m.family === 'mistral' && m.library.url === mistralLibrary(m.target) ? ARCH.mistral7b : null;
}

/**
 * The WebLLM record for a converted model: the folder web-llm's cache holds it under (never fetched), its library,
 * FILM's 32K window with no sliding window (the converter wrote that window; `contextWindow` may ask for less), the
 * family's BOS, and shader-f16 for q4f16_1.
 */
export function convertedModelSpec(m: ConvertedModel, contextWindow = m.contextWindow): ModelSpec {
	return {
		id: m.modelId,
		label: `${m.label} (${m.target}, converted here)`,
		quantization: m.target,
		record: {
			model: m.baseUrl,
			model_id: m.modelId,
			model_lib: m.library.url,
			overrides: { context_window_size: Math.min(contextWindow, m.contextWindow), sliding_window_size: -1 },
			...(m.target === 'q4f16_1' ? { required_features: ['shader-f16'] } : {})
		},
		maxContext: m.contextWindow,
		defaultContext: m.contextWindow,
		bos: m.family === 'mistral' ? MISTRAL_BOS : NO_BOS,
		arch: architectureOf(m),
		// Measured, not estimated: the bytes the converter wrote.
		weightsBytes: m.output.bytes,
		userWeights: false
	};
}

/** What a run records of the converted weights it ran on. */
export function weightsProvenance(m: ConvertedModel): WeightsProvenance {
	const f = fidelitySummary(m.fidelity);
	return {
		kind: 'converted',
		modelId: m.modelId,
		source: {
			kind: m.source.kind,
			location: m.source.location,
			revision: m.source.revision,
			commit: m.source.commit,
			format: m.source.format,
			// The tensor files and the small ones that decide the output too (config, index, tokenizer).
			files: [...m.source.files, ...(m.source.metadataFiles ?? [])].map((x) => ({ name: x.name, size: x.size, sha256: x.sha256 }))
		},
		quantization: m.target,
		library: { url: m.library.url, sha256: m.library.sha256 },
		converterVersion: m.converterVersion,
		planDigest: m.planDigest,
		convertedAt: m.completedAt,
		fidelity: { tensors: f.tensors, meanRelRms: f.meanRelRms, worstRelRms: f.worstRelRms, worst: f.worst, maxAbsErr: f.maxAbsErr }
	};
}

/** Whether two provenances name the same weights: same plan and the same bytes read from the source. */
export function sameWeights(a: WeightsProvenance, b: WeightsProvenance): boolean {
	const files = (w: WeightsProvenance) => w.source.files.map((f) => `${f.name}:${f.sha256}`).join('\n');
	return a.planDigest === b.planDigest && files(a) === files(b);
}

/** "In2Training/FILM-7B@1a2b3c4" or a URL: the source in one line. */
export function sourceLine(w: Pick<WeightsProvenance, 'source'>): string {
	const s = w.source;
	return s.commit ? `${s.location}@${s.commit.slice(0, 7)}` : s.location;
}

/** The new-run page set for the paper replication on this model. */
export function paperRunHref(modelId: string): string {
	return `/run/new?preset=paper&tasks=document,code,database&engine=webllm&model=${encodeURIComponent(modelId)}&window=32768&sets=4&positions=all&ctx=32768`;
}
