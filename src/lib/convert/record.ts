// The completion record of a converted model: written last, after every file is in web-llm's cache, and checked
// before the model is offered for loading. It is also the model's provenance — where it came from (source, commit,
// files with sizes and SHA-256), how it was made (target, library, converter version) and how far each tensor is
// from its source — shown in the model manager and copied into every run made with the model.
import type { SourceFormat, Target, TensorFidelity } from './types';
import { isFiniteNumber as isNum, isObject as isObj, isString as isStr } from '$lib/util/guards';

export const CONVERTED_MODEL_VERSION = 1;

export interface ConvertedFile {
	name: string;
	size: number;
	sha256: string;
	/** What the publisher states (the Hub's LFS listing); equal to ours, or null when none was given. */
	expectedSha256: string | null;
}

export interface ConvertedModel {
	schemaVersion: typeof CONVERTED_MODEL_VERSION;
	modelId: string;
	label: string;
	family: 'mistral' | 'qwen2';
	target: Target;
	/** The folder URL web-llm's cache holds it under (never fetched: https://converted.invalid/…). */
	baseUrl: string;
	contextWindow: number;
	library: { url: string; sha256: string; bytes: number };
	source: {
		kind: 'hf' | 'url' | 'files';
		location: string;
		revision: string | null;
		commit: string | null;
		format: SourceFormat;
		files: ConvertedFile[];
		/** The small files read whole to describe the source (config.json, the index, the tokenizer …), with our
		 * SHA-256; absent in records written before it was kept. */
		metadataFiles?: { name: string; size: number; sha256: string }[];
	};
	converterVersion: number;
	planDigest: string;
	createdAt: string;
	completedAt: string;
	/** Seconds spent converting, summed over sessions (a resume included). */
	activeS: number;
	output: { bytes: number; files: { name: string; bytes: number }[] };
	fidelity: TensorFidelity[];
}

/** The figures a table row or a run's provenance shows: the worst and the mean relative RMS error. */
export function fidelitySummary(f: readonly TensorFidelity[]): { tensors: number; worstRelRms: number; worst: string | null; meanRelRms: number; maxAbsErr: number } {
	let worst: TensorFidelity | null = null;
	let sum = 0;
	let maxAbs = 0;
	for (const t of f) {
		if (!worst || t.relRms > worst.relRms) worst = t;
		sum += t.relRms;
		maxAbs = Math.max(maxAbs, t.maxAbsErr);
	}
	return { tensors: f.length, worstRelRms: worst?.relRms ?? 0, worst: worst?.name ?? null, meanRelRms: f.length ? sum / f.length : 0, maxAbsErr: maxAbs };
}

const isNullStr = (v: unknown) => v === null || isStr(v);

export function validateConvertedModel(v: unknown): { ok: true; model: ConvertedModel } | { ok: false; error: string } {
	if (!isObj(v)) return { ok: false, error: 'not an object' };
	if (v.schemaVersion !== CONVERTED_MODEL_VERSION)
		return { ok: false, error: `converted-model record version ${String(v.schemaVersion)}; this app reads version ${CONVERTED_MODEL_VERSION}` };
	for (const k of ['modelId', 'label', 'baseUrl', 'planDigest', 'createdAt', 'completedAt'] as const)
		if (!isStr(v[k])) return { ok: false, error: `${k} is not a string` };
	if (v.family !== 'mistral' && v.family !== 'qwen2') return { ok: false, error: `unknown family ${String(v.family)}` };
	if (v.target !== 'q4f16_1' && v.target !== 'q4f32_1') return { ok: false, error: `unknown target ${String(v.target)}` };
	if (!isNum(v.contextWindow) || !isNum(v.converterVersion) || !isNum(v.activeS)) return { ok: false, error: 'bad numbers' };
	const lib = v.library;
	if (!isObj(lib) || !isStr(lib.url) || !isStr(lib.sha256) || !isNum(lib.bytes)) return { ok: false, error: 'bad library' };
	const s = v.source;
	if (!isObj(s) || !['hf', 'url', 'files'].includes(String(s.kind)) || !isStr(s.location) || !isNullStr(s.revision) || !isNullStr(s.commit))
		return { ok: false, error: 'bad source' };
	if (!['safetensors', 'gguf', 'mlc'].includes(String(s.format))) return { ok: false, error: 'bad source format' };
	if (s.metadataFiles !== undefined && !(Array.isArray(s.metadataFiles) && s.metadataFiles.every((f) => isObj(f) && isStr(f.name) && isNum(f.size) && isStr(f.sha256))))
		return { ok: false, error: 'bad source metadata files' };
	if (!Array.isArray(s.files) || !s.files.every((f) => isObj(f) && isStr(f.name) && isNum(f.size) && isStr(f.sha256) && isNullStr(f.expectedSha256)))
		return { ok: false, error: 'bad source files' };
	const o = v.output;
	if (!isObj(o) || !isNum(o.bytes) || !Array.isArray(o.files) || !o.files.every((f) => isObj(f) && isStr(f.name) && isNum(f.bytes)))
		return { ok: false, error: 'bad output' };
	if (!Array.isArray(v.fidelity) || !v.fidelity.every((t) => isObj(t) && isStr(t.name) && isStr(t.target) && isNum(t.relRms) && isNum(t.maxAbsErr)))
		return { ok: false, error: 'bad fidelity' };
	return { ok: true, model: v as unknown as ConvertedModel };
}
