// The app's local engine: a model record from the user's choice (a prebuilt model, FILM-7B weights the user hosts,
// or a model converted in this browser), the fit check before any byte is downloaded, then the WebLLM worker loads it
// (with progress) and runs its reuse self-check.
import { EngineError } from '$lib/engines/engine';
import { createWebLlmEngine, type WebLlmEngine } from '$lib/engines/webllm/client';
import { startWebLlmWorker } from '$lib/engines/webllm/start-worker';
import { checkFit } from '$lib/engines/webllm/fit';
import { PREBUILT_MODELS, filmModel, type ModelSpec } from '$lib/engines/webllm/models';
import type { LoadProgress } from '$lib/engines/webllm/progress';
import { probeWebGpu } from '$lib/webgpu';
import { formatBytes, formatBytesOf } from '$lib/util/bytes';
import type { EngineChoice } from './settings';
import { browserCatalog, type ConvertedCatalog } from './converted-catalog';
import { convertedModelSpec, isConvertedModelId } from './converted-spec';

type WebLlmChoice = Extract<EngineChoice, { kind: 'webllm' }>;

export function modelSpecOf(c: WebLlmChoice): ModelSpec {
	const film = /^FILM-7B-(q4f16_1|q4f32_1)-MLC$/.exec(c.modelId);
	if (film) {
		if (!c.weightsUrl) throw new EngineError('unsupported', 'FILM-7B needs the URL of your MLC weight folder (see Models).');
		return filmModel(film[1] as 'q4f16_1' | 'q4f32_1', c.weightsUrl, c.contextWindow);
	}
	const spec = PREBUILT_MODELS.find((m) => m.id === c.modelId);
	if (!spec) throw new EngineError('not-found', `No model record named ${c.modelId}.`);
	return spec;
}

/**
 * The record for any choice. A converted model is looked up in this browser's catalog, and offered only when its
 * completion record exists and every file it lists is in web-llm's cache.
 */
export async function resolveModelSpec(c: WebLlmChoice, catalog: () => Promise<ConvertedCatalog> = browserCatalog): Promise<ModelSpec> {
	if (!isConvertedModelId(c.modelId)) return modelSpecOf(c);
	return convertedModelSpec(await (await catalog()).loadable(c.modelId), c.contextWindow);
}

export function progressText(p: LoadProgress): string {
	const parts = [`${Math.round(p.fraction * 100)} %`];
	if (p.bytesDone !== null && p.bytesTotal) parts.push(formatBytesOf(p.bytesDone, p.bytesTotal, { unit: 'GiB', digits: 2 }));
	if (p.bytesPerS) parts.push(`${formatBytes(p.bytesPerS, { unit: 'MiB' })}/s`);
	if (p.secondsLeft !== null && p.secondsLeft > 0) parts.push(`about ${Math.ceil(p.secondsLeft)} s left`);
	return `Loading the model (${p.phase}): ${parts.join(', ')}`;
}

export async function startLocalEngine(c: WebLlmChoice, onProgress?: (text: string) => void): Promise<WebLlmEngine> {
	const spec = await resolveModelSpec(c);
	const fit = checkFit({ spec, contextWindow: c.contextWindow, gpu: await probeWebGpu(), budgetBytes: null, alternatives: PREBUILT_MODELS });
	if (!fit.ok) {
		const tips = fit.suggestions.length ? ` What would fit: ${fit.suggestions.join('; ')}.` : '';
		throw new EngineError('unsupported', `${spec.label} cannot run here: ${fit.reason}.${tips}`);
	}
	const engine = createWebLlmEngine(startWebLlmWorker());
	try {
		await engine.load(spec, { contextWindow: c.contextWindow, onProgress: (p) => onProgress?.(progressText(p)) });
	} catch (e) {
		await engine.dispose?.().catch(() => {});
		throw e;
	}
	return engine;
}
