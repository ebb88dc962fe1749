// The two models of the paper, from their public releases, as conversion jobs: FILM-7B from its Hub repository, and
// its baseline Mistral-7B-Instruct-v0.2 — web-llm's own prebuilt q4f16_1 where the GPU has 16-bit shaders, else
// converted to q4f32_1 (from web-llm's MLC folder by default, losslessly; or from Mistral's gated repository, or a
// GGUF file). Also the advanced form's job. Pure: the adapter's status and the form's values come in.
import type { ConvertJob, JobSource } from '$lib/convert/browser/protocol';
import { chooseQuantization } from '$lib/engines/webllm/fit';
import { APP_WEBLLM } from '$lib/engines/webllm/runtime';
import { BASELINE_PREBUILT_ID, PREBUILT_MODELS, filmModel, mistralLibrary, type ModelSpec, type Quantization } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';
import type { ConversionState } from '$lib/convert/run/state';
import { convertedModelId } from './converted-spec';
import { pickedFilesProblem } from './convert-messages';

export const FILM_REPO = 'In2Training/FILM-7B';
export const FILM_NAME = 'FILM-7B';
export const BASELINE_NAME = 'Mistral-7B-Instruct-v0.2';
/** web-llm's own MLC build of the baseline (q4f16_1): widened to q4f32_1 without loss (f16 scales fit f32 exactly). */
export const BASELINE_MLC_REPO = 'mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC';
/** Mistral's own release: gated (accept its terms on the Hub, then give an access token). */
export const BASELINE_HF_REPO = 'mistralai/Mistral-7B-Instruct-v0.2';
/** A community GGUF build; Q8_0 keeps the most of the original (any GGUF URL of v0.2 works). */
export const BASELINE_GGUF_URL = 'https://huggingface.co/TheBloke/Mistral-7B-Instruct-v0.2-GGUF/resolve/main/mistral-7b-instruct-v0.2.Q8_0.gguf';

export type BaselineSource = 'mlc' | 'hf' | 'gguf';

/** What the page passes to every job: the Hub's address (tests point it elsewhere) and, for tests, a shard size. */
export interface JobContext {
	endpoint?: string | null;
	shardBytes?: number;
}

const filmVariants = () => ({ q4f16_1: filmModel('q4f16_1', ''), q4f32_1: filmModel('q4f32_1', '') });

/** The quantization this adapter runs, and why in words (q4f32_1 where it cannot say). */
export function targetFor(gpu: WebGpuStatus | null): { target: Quantization; reason: string } {
	if (!gpu) return { target: 'q4f32_1', reason: "this browser's GPU is still being checked: q4f32_1 runs on any WebGPU" };
	const c = chooseQuantization(gpu, filmVariants());
	return { target: c.quantization, reason: c.reason };
}

function job(source: JobSource, target: Quantization, name: string, ctx: JobContext, extra: Partial<ConvertJob> = {}): ConvertJob {
	return {
		source,
		target,
		library: { url: mistralLibrary(target) },
		modelId: convertedModelId(name, target),
		label: name,
		webllm: APP_WEBLLM,
		...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
		...(ctx.shardBytes ? { shardBytes: ctx.shardBytes } : {}),
		...extra
	};
}

/** FILM-7B (f32 safetensors, 6 shards, ≈ 29 GB; not gated) into the quantization this adapter runs. */
export function filmJob(gpu: WebGpuStatus | null, ctx: JobContext = {}): ConvertJob {
	return job({ kind: 'hf', repo: FILM_REPO }, targetFor(gpu).target, FILM_NAME, ctx);
}

/** How this browser gets the baseline: web-llm's prebuilt q4f16_1 (no conversion), or a q4f32_1 conversion. */
export type BaselinePlan = { kind: 'prebuilt'; spec: ModelSpec; reason: string } | { kind: 'convert'; target: 'q4f32_1'; reason: string };

export function baselinePlan(gpu: WebGpuStatus | null): BaselinePlan {
	if (gpu?.available && gpu.shaderF16)
		return { kind: 'prebuilt', spec: PREBUILT_MODELS.find((m) => m.id === BASELINE_PREBUILT_ID)!, reason: 'this GPU offers 16-bit shaders: web-llm’s own q4f16_1 build runs as it is' };
	return { kind: 'convert', target: 'q4f32_1', reason: "web-llm builds the baseline only as q4f16_1, which needs 16-bit shaders this GPU's browser does not offer: convert it to q4f32_1" };
}

/** A Hub URL becomes a Hub source (pinned to a commit, checked against the publisher's SHA-256); any other a URL. */
export function sourceOfUrl(url: string, endpoint?: string | null): JobSource {
	const hosts = ['huggingface.co', 'hf.co', 'www.huggingface.co'];
	try {
		const u = new URL(url.trim());
		if (hosts.includes(u.host) || (endpoint && u.host === new URL(endpoint).host)) return { kind: 'hf', repo: u.href };
	} catch {
		// not a URL: the converter names the problem
	}
	return { kind: 'url', url: url.trim() };
}

/** The baseline into q4f32_1 from the chosen release. `token` only for Mistral's gated repository. */
export function baselineJob(source: BaselineSource, ctx: JobContext = {}, o: { token?: string; ggufUrl?: string } = {}): ConvertJob {
	const s: JobSource =
		source === 'mlc' ? { kind: 'hf', repo: BASELINE_MLC_REPO } : source === 'hf' ? { kind: 'hf', repo: BASELINE_HF_REPO } : sourceOfUrl(o.ggufUrl || BASELINE_GGUF_URL, ctx.endpoint);
	return job(s, 'q4f32_1', BASELINE_NAME, ctx, source === 'hf' && o.token?.trim() ? { token: o.token.trim() } : {});
}

/** The advanced form: any Hub repository, folder or GGUF URL, or picked files; any library. */
export interface AdvancedForm {
	kind: 'hf' | 'url' | 'files';
	repo: string;
	revision: string;
	url: string;
	files: File[];
	token: string;
	target: 'auto' | Quantization;
	/** Empty: web-llm's Mistral-7B library of the target. */
	libraryUrl: string;
	name: string;
}

export function emptyAdvancedForm(): AdvancedForm {
	return { kind: 'hf', repo: '', revision: '', url: '', files: [], token: '', target: 'auto', libraryUrl: '', name: '' };
}

/** A name from the source when none is given: the repo's or the file's last segment. */
export function defaultName(f: AdvancedForm): string {
	if (f.kind === 'files') return f.files[0]?.name.replace(/\.(gguf|safetensors|json)$/i, '') ?? 'picked files';
	const text = (f.kind === 'hf' ? f.repo : f.url).trim().replace(/\/+$/, '');
	const last = text.split('/').filter((p) => p && !['resolve', 'tree', 'blob', 'main'].includes(p)).pop() ?? '';
	return last.replace(/\.gguf$/i, '') || 'converted model';
}

export type AdvancedResult = { ok: true; job: ConvertJob } | { ok: false; errors: Partial<Record<keyof AdvancedForm, string>> };

export function advancedJob(f: AdvancedForm, gpu: WebGpuStatus | null, ctx: JobContext = {}): AdvancedResult {
	const errors: Partial<Record<keyof AdvancedForm, string>> = {};
	const httpUrl = (s: string) => /^https?:\/\/\S+$/i.test(s.trim());
	if (f.kind === 'hf' && !f.repo.trim()) errors.repo = 'Give a repository as owner/name, or its huggingface.co URL.';
	if (f.kind === 'url' && !httpUrl(f.url)) errors.url = 'Give the http(s) URL of a model folder, a .gguf file or an MLC folder.';
	if (f.kind === 'files' && !f.files.length) errors.files = 'Pick the model’s files (config.json, the .safetensors files and the tokenizer), or one .gguf file.';
	if (f.libraryUrl.trim() && !httpUrl(f.libraryUrl)) errors.libraryUrl = 'Give the http(s) URL of a compiled model library (.wasm), or leave it empty for web-llm’s Mistral-7B library.';
	if (Object.keys(errors).length) return { ok: false, errors };
	const target = f.target === 'auto' ? targetFor(gpu).target : f.target;
	const source: JobSource =
		f.kind === 'hf'
			? { kind: 'hf', repo: f.repo.trim(), ...(f.revision.trim() ? { revision: f.revision.trim() } : {}) }
			: f.kind === 'url'
				? { kind: 'url', url: f.url.trim() }
				: { kind: 'files', files: f.files };
	const name = f.name.trim() || defaultName(f);
	const extra: Partial<ConvertJob> = {
		...(f.libraryUrl.trim() ? { library: { url: f.libraryUrl.trim() } } : {}),
		...(f.kind === 'hf' && f.token.trim() ? { token: f.token.trim() } : {})
	};
	return { ok: true, job: job(source, target, name, ctx, extra) };
}

/**
 * The job that continues a stored conversion: the same source (a Hub revision pinned to the commit it started from,
 * so every byte comes from one commit), library, target and id. Tokens are never stored, and picked files cannot
 * be: both are asked for again.
 */
export function resumeJob(s: ConversionState, ctx: JobContext = {}, o: { token?: string; files?: File[] } = {}): { ok: true; job: ConvertJob } | { ok: false; error: string } {
	const r = s.request;
	const src = r.source;
	let source: JobSource;
	let extra: Partial<ConvertJob> = {};
	if (src.kind === 'hf') {
		if (src.gated && !o.token?.trim()) return { ok: false, error: `${src.repo} is gated: paste your Hugging Face access token to resume (tokens are kept in memory only, never stored).` };
		const revision = s.commit ?? src.revision;
		source = { kind: 'hf', repo: src.repo, ...(revision ? { revision } : {}), ...(src.file ? { file: src.file } : {}) };
		extra = { ...(src.endpoint ? { endpoint: src.endpoint } : {}), ...(o.token?.trim() ? { token: o.token.trim() } : {}) };
	} else if (src.kind === 'url') source = { kind: 'url', url: src.url };
	else {
		const problem = pickedFilesProblem(src, o.files ?? []);
		if (problem) return { ok: false, error: problem };
		source = { kind: 'files', files: o.files! };
	}
	return {
		ok: true,
		job: {
			source, target: r.target, library: { url: r.library.url }, modelId: r.modelId, label: r.label, webllm: APP_WEBLLM,
			...(ctx.shardBytes ? { shardBytes: ctx.shardBytes } : {}), ...extra
		}
	};
}
