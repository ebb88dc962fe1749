// The paper replication's two models side by side: FILM-7B and its baseline, Mistral-7B-Instruct-v0.2, each as this
// browser can run it — converted here, web-llm's prebuilt build, or "convert it first". Both at the same
// quantization (q4f16_1 with 16-bit shaders, else q4f32_1), so the comparison is between the models, not the
// rounding. One run per model: each keeps its own record, provenance and resume, and the compare page overlays them.
// Pure: the adapter and the converted models come in.
import type { ConvertedModel } from '$lib/convert/record';
import { BASELINE_PREBUILT_ID, FILM_CONTEXT } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';
import { convertedModelId } from './converted-spec';
import { BASELINE_NAME, FILM_NAME, baselinePlan, targetFor } from './model-presets';
import type { EngineChoice, RunSettings } from './settings';

export interface PairSide {
	role: 'film' | 'baseline';
	title: string;
	/** ready: converted here; download: web-llm's build, fetched on the first run; convert: not in this browser yet. */
	status: 'ready' | 'download' | 'convert';
	modelId: string | null;
	note: string;
}

export interface PaperPair {
	film: PairSide;
	baseline: PairSide;
	/** Both can run now. */
	ready: boolean;
}

function convertedSide(role: PairSide['role'], title: string, id: string, converted: readonly ConvertedModel[]): PairSide {
	const m = converted.find((x) => x.modelId === id);
	return m
		? { role, title, status: 'ready', modelId: id, note: `converted here from ${m.source.location} on ${m.completedAt.slice(0, 10)} (${m.target})` }
		: { role, title, status: 'convert', modelId: null, note: `not in this browser yet: convert it (${id.includes('q4f16_1') ? 'q4f16_1' : 'q4f32_1'}) on the Models page` };
}

export function paperPair(gpu: WebGpuStatus | null, converted: readonly ConvertedModel[]): PaperPair {
	const { target } = targetFor(gpu);
	const film = convertedSide('film', FILM_NAME, convertedModelId(FILM_NAME, target), converted);
	const plan = baselinePlan(gpu);
	const baseline: PairSide =
		plan.kind === 'prebuilt' && target === 'q4f16_1'
			? { role: 'baseline', title: `${BASELINE_NAME} (baseline)`, status: 'download', modelId: BASELINE_PREBUILT_ID, note: "web-llm's own q4f16_1 build: downloaded (about 4 GB) when the run is created, unless already here" }
			: convertedSide('baseline', `${BASELINE_NAME} (baseline)`, convertedModelId(BASELINE_NAME, 'q4f32_1'), converted);
	return { film, baseline, ready: film.status !== 'convert' && baseline.status !== 'convert' };
}

/** The engine a side runs on: FILM's 32K window, batching as the settings chose. */
export function sideChoice(side: PairSide, s: RunSettings): EngineChoice {
	const batch = s.engine.kind === 'webllm' ? s.engine.batch !== false : true;
	return { kind: 'webllm', modelId: side.modelId!, contextWindow: FILM_CONTEXT, batch };
}

/** The settings of each side's run: the same tasks and options, its own engine and name. */
export function pairSettings(pair: PaperPair, s: RunSettings): RunSettings[] {
	const base = s.name.trim() || 'Paper replication';
	return [pair.film, pair.baseline].map((side) => ({ ...structuredClone(s), engine: sideChoice(side, s), name: `${base} · ${side.title}` }));
}
