// The typed messages between the page and the WebLLM worker. Both sides validate what they receive: a message is
// structured-cloned data, never trusted as typed.
import type { EngineErrorKind } from '$lib/engines/engine';
import type { ModelRecordLike } from './module';
import type { LoadProgress } from './progress';
import type { SelfCheckPrompt, SelfCheckReport } from './kv/self-check';
import type { BosRule } from './prompt';
import type { BatchItemResult, BatchSpec } from './batch/worker-batch';
import { isBatchSelfCheckReport } from './batch/self-check';
import { isObject as isObj, isString as isStr, isStringArray as isStrArr } from '$lib/util/guards';

export interface LoadSpec {
	record: ModelRecordLike;
	contextWindow: number;
	bos: BosRule;
	/** 'auto': run the self-check and reuse the prefix where it passed; 'off': full prefill per question. */
	reuse: 'auto' | 'off';
	/** The self-check's prompt, for models whose vocabulary cannot read the default English one. */
	checkPrompt?: SelfCheckPrompt;
}

export interface GenerateSpec {
	prompt: string;
	prefix?: string;
	maxTokens: number;
	stop?: string[];
}

export type Request =
	| { type: 'load'; id: number; spec: LoadSpec }
	| { type: 'generate'; id: number; req: GenerateSpec }
	| { type: 'answerBatch'; id: number; req: BatchSpec }
	| { type: 'abort'; id: number; target: number }
	| { type: 'selfCheck'; id: number; prompt?: SelfCheckPrompt }
	| { type: 'setReuse'; id: number; reuse: 'auto' | 'off' }
	| { type: 'unload'; id: number }
	| { type: 'cacheHas'; id: number; record: ModelRecordLike }
	| { type: 'cacheDelete'; id: number; record: ModelRecordLike };

export interface LoadResult {
	modelId: string;
	contextWindow: number;
	/** Which internals were missing, when the token path is unavailable (then answers go through completion()). */
	missingInternals: string[];
	selfCheck: SelfCheckReport | null;
	reusePath: 'chunk' | 'decode-steps' | 'none';
	loadMs: number;
}

export interface GenerateResult {
	text: string;
	finishReason: 'stop' | 'length' | 'abort';
	path: string;
	promptTokens: number;
	completionTokens: number;
	prefillMs: number;
	decodeMs: number;
	totalMs: number;
	prefilledTokens: number;
}

export interface WireError {
	kind: EngineErrorKind;
	message: string;
	detail?: string;
}

export type Response =
	| { type: 'progress'; id: number; progress: LoadProgress }
	| { type: 'text'; id: number; delta: string }
	/** One finished answer of an answerBatch request, sent as soon as it is known (the batch's result comes last). */
	| { type: 'item'; id: number; index: number; value: BatchItemResult }
	| { type: 'result'; id: number; value: unknown }
	| { type: 'error'; id: number; error: WireError };

type Obj = Record<string, unknown>;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function isRecord(v: unknown): v is ModelRecordLike {
	return isObj(v) && isStr(v.model) && isStr(v.model_id) && isStr(v.model_lib) && (v.overrides === undefined || isObj(v.overrides));
}

function isBos(v: unknown): v is BosRule {
	return isObj(v) && typeof v.addBos === 'boolean' && isStr(v.bosText);
}

function isCheckPrompt(v: unknown): v is SelfCheckPrompt {
	return isObj(v) && isStr(v.prefix) && Array.isArray(v.questions) && v.questions.length === 2 && v.questions.every(isStr);
}

function isGenerate(v: unknown): v is GenerateSpec {
	return (
		isObj(v) && isStr(v.prompt) && isInt(v.maxTokens) && v.maxTokens > 0 &&
		(v.prefix === undefined || isStr(v.prefix)) && (v.stop === undefined || isStrArr(v.stop))
	);
}

function isBatchSpec(v: unknown): v is BatchSpec {
	return (
		isObj(v) && isStr(v.prefix) && typeof v.drafts === 'boolean' && ['auto', 'verify', 'decode-steps'].includes(v.questionPath as string) &&
		(v.maxB === undefined || (isInt(v.maxB) && v.maxB > 0)) && Array.isArray(v.items) && v.items.length > 0 &&
		v.items.every((i) => isObj(i) && isGenerate({ prompt: i.prompt, maxTokens: i.maxTokens, stop: i.stop }) && (i.expected === undefined || isStr(i.expected)))
	);
}

/** Worker side: a request, or null for anything else. */
export function parseRequest(v: unknown): Request | null {
	if (!isObj(v) || !isInt(v.id) || !isStr(v.type)) return null;
	switch (v.type) {
		case 'load': {
			const s = v.spec;
			const ok = isObj(s) && isRecord(s.record) && isInt(s.contextWindow) && s.contextWindow > 0 && isBos(s.bos) && (s.reuse === 'auto' || s.reuse === 'off') &&
				(s.checkPrompt === undefined || isCheckPrompt(s.checkPrompt));
			return ok ? (v as unknown as Request) : null;
		}
		case 'generate':
			return isGenerate(v.req) ? (v as unknown as Request) : null;
		case 'answerBatch':
			return isBatchSpec(v.req) ? (v as unknown as Request) : null;
		case 'abort':
			return isInt(v.target) ? (v as unknown as Request) : null;
		case 'setReuse':
			return v.reuse === 'auto' || v.reuse === 'off' ? (v as unknown as Request) : null;
		case 'cacheHas':
		case 'cacheDelete':
			return isRecord(v.record) ? (v as unknown as Request) : null;
		case 'selfCheck':
			return v.prompt === undefined || isCheckPrompt(v.prompt) ? (v as unknown as Request) : null;
		case 'unload':
			return v as unknown as Request;
		default:
			return null;
	}
}

const KINDS: readonly EngineErrorKind[] = ['context-window', 'device-lost', 'out-of-memory', 'quota', 'network', 'auth', 'not-found', 'rate-limit', 'cors', 'bad-response', 'aborted', 'unsupported', 'unknown'];

/** Page side: a response, or null for anything else. */
export function parseResponse(v: unknown): Response | null {
	if (!isObj(v) || !isInt(v.id) || !isStr(v.type)) return null;
	switch (v.type) {
		case 'progress':
			return isObj(v.progress) && isStr(v.progress.phase) && typeof v.progress.fraction === 'number' ? (v as unknown as Response) : null;
		case 'text':
			return isStr(v.delta) ? (v as unknown as Response) : null;
		case 'item':
			return isInt(v.index) && v.index >= 0 && isBatchItemResult(v.value) ? (v as unknown as Response) : null;
		case 'result':
			return v as unknown as Response;
		case 'error': {
			const e = v.error;
			return isObj(e) && KINDS.includes(e.kind as EngineErrorKind) && isStr(e.message) ? (v as unknown as Response) : null;
		}
		default:
			return null;
	}
}

export function isGenerateResult(v: unknown): v is GenerateResult {
	return (
		isObj(v) && isStr(v.text) && isStr(v.path) && (v.finishReason === 'stop' || v.finishReason === 'length' || v.finishReason === 'abort') &&
		['promptTokens', 'completionTokens', 'prefillMs', 'decodeMs', 'totalMs', 'prefilledTokens'].every((k) => typeof v[k] === 'number')
	);
}

export function isLoadResult(v: unknown): v is LoadResult {
	return (
		isObj(v) && isStr(v.modelId) && isInt(v.contextWindow) && isStrArr(v.missingInternals) &&
		(v.reusePath === 'chunk' || v.reusePath === 'decode-steps' || v.reusePath === 'none') &&
		(v.selfCheck === null || isSelfCheckReport(v.selfCheck)) && typeof v.loadMs === 'number'
	);
}

export function isSelfCheckReport(v: unknown): v is SelfCheckReport {
	return (
		isObj(v) && (v.path === 'chunk' || v.path === 'decode-steps' || v.path === 'none') && isObj(v.maxAbsDiff) &&
		typeof v.contextSignal === 'number' && typeof v.kvRestored === 'boolean' && isStr(v.reason)
	);
}

export function isBatchItemResult(v: unknown): v is BatchItemResult {
	return (
		isObj(v) && isStr(v.text) && isStr(v.path) && (v.finishReason === 'stop' || v.finishReason === 'length' || v.finishReason === 'abort') &&
		['promptTokens', 'completionTokens', 'draftFed', 'draftAccepted', 'totalMs'].every((k) => typeof v[k] === 'number')
	);
}

export function isBatchRunResult(v: unknown): v is import('./batch/worker-batch').BatchRunResult {
	return (
		isObj(v) && isStr(v.path) && (v.fallback === null || isStr(v.fallback)) && isInt(v.B) &&
		['contextTokens', 'prefillMs', 'totalMs'].every((k) => typeof v[k] === 'number') &&
		(v.stats === null || isObj(v.stats)) && (v.selfCheck === null || isBatchSelfCheckReport(v.selfCheck))
	);
}
