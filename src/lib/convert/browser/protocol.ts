// Messages between the page and the conversion worker, checked on arrival in both directions. Picked files travel
// as File objects (structured-cloneable); an access token travels once, in memory, and is never stored.
import type { ConvertedModel } from '../record';
import type { ConvertProgress } from '../run/progress';
import type { ConvertErrorKind, SourceFormat, Target } from '../types';
import { isObject as isObj } from '$lib/util/guards';

export type JobSource =
	| { kind: 'hf'; repo: string; revision?: string; file?: string }
	| { kind: 'url'; url: string; format?: SourceFormat }
	| { kind: 'files'; files: File[] };

export interface ConvertJob {
	source: JobSource;
	/** Hub access token for gated repositories; kept in memory only. */
	token?: string | null;
	/** The Hub's address (default huggingface.co); tests and the GPU bench point it at a local host. */
	endpoint?: string | null;
	target: Target;
	library: { url: string };
	modelId: string;
	label: string;
	/** Which web-llm will load the result (the chat config's stored form differs); default the app's. */
	webllm?: '0.2.79' | '0.2.86';
	/** 'cpu' forces the worker pool (tests); default: WebGPU where there is an adapter. */
	backend?: 'auto' | 'cpu';
	/** Tests only: smaller shards and chunks. */
	shardBytes?: number;
	chunkBytes?: number;
}

export interface JobSummary {
	modelId: string;
	label: string;
	family: 'mistral' | 'qwen2';
	target: Target;
	format: SourceFormat;
	sourceLabel: string;
	commit: string | null;
	files: { name: string; size: number | null }[];
	sourceBytes: number;
	outputBytes: number;
	shards: number;
	tensors: number;
	/** What an earlier, interrupted conversion of the same plan already did. */
	resume: { shardsDone: number; readBytes: number } | null;
	storage: { free: number; quota: number } | null;
	/** Where quantization will run. */
	backend: string;
}

export type ToWorker = { type: 'inspect'; job: ConvertJob } | { type: 'start' } | { type: 'cancel' };
export type FromWorker =
	| { type: 'inspected'; summary: JobSummary }
	| { type: 'progress'; progress: ConvertProgress }
	| { type: 'done'; record: ConvertedModel }
	| { type: 'error'; error: { kind: ConvertErrorKind | 'internal'; message: string; file: string | null } };


export function parseToWorker(v: unknown): ToWorker | null {
	if (!isObj(v)) return null;
	if (v.type === 'start' || v.type === 'cancel') return { type: v.type };
	if (v.type !== 'inspect' || !isObj(v.job)) return null;
	const j = v.job;
	const s = j.source;
	if (!isObj(s)) return null;
	const okSource =
		(s.kind === 'hf' && typeof s.repo === 'string') ||
		(s.kind === 'url' && typeof s.url === 'string') ||
		(s.kind === 'files' && Array.isArray(s.files) && s.files.every((f) => typeof File !== 'undefined' && f instanceof File));
	if (!okSource) return null;
	if ((j.target !== 'q4f16_1' && j.target !== 'q4f32_1') || !isObj(j.library) || typeof j.library.url !== 'string') return null;
	if (typeof j.modelId !== 'string' || typeof j.label !== 'string') return null;
	return { type: 'inspect', job: j as unknown as ConvertJob };
}

export function parseFromWorker(v: unknown): FromWorker | null {
	if (!isObj(v) || typeof v.type !== 'string') return null;
	if (v.type === 'inspected' && isObj(v.summary)) return v as unknown as FromWorker;
	if (v.type === 'progress' && isObj(v.progress) && typeof v.progress.doneBytes === 'number') return v as unknown as FromWorker;
	if (v.type === 'done' && isObj(v.record)) return v as unknown as FromWorker;
	if (v.type === 'error' && isObj(v.error) && typeof v.error.message === 'string') return v as unknown as FromWorker;
	return null;
}
