// web-llm's own single-sequence KV cache as a KvBackend, over the loaded pipeline's private fields (present at run
// time in 0.2.79 and 0.2.86; see ../shared/WEBLLM-NOTES.md). Every field is feature-detected: if one is missing or
// the model is not a plain KV-cache model without sliding window, this returns the reasons and the engine answers by
// full prefill only.
import type { KvBackend } from '../kv/backend';
import type { MlcEngineLike } from '../module';
import type { LogitTap } from '../kv/logit-tap';
import { MISSING_PIPELINE_MAP, hasPipelineMap, modelLockOf, pipelineOf, type LockLike } from './engine-maps';

interface TvmLike {
	beginScope(): void;
	endScope(): void;
	scalar(v: number, dtype: string): unknown;
	getGlobalFunc(name: string): (...args: unknown[]) => unknown;
	detachFromCurrentScope<T>(obj: T): T;
}
interface TokenizerLike {
	encode(text: string): Int32Array;
	decode(ids: Int32Array): string;
}
interface PipelineLike {
	tokenizer: TokenizerLike;
	tvm: TvmLike;
	kvCache: unknown;
	filledKVCacheLength: number;
	bosTokenId?: number;
	stopTokens?: number[];
	contextWindowSize?: number;
	slidingWindowSize?: number;
	attentionSinkSize?: number;
	kvStateKind?: string;
	logitsOnCPU?: { toArray(): ArrayLike<number> };
}

export type InternalsResult = { ok: true; backend: KvBackend } | { ok: false; missing: string[] };

const isFn = (o: unknown, k: string) => typeof (o as Record<string, unknown> | null)?.[k] === 'function';

/** Which internals a pipeline lacks for reuse ([] when it has them all). */
export function missingInternals(pipe: unknown): string[] {
	const p = pipe as Partial<PipelineLike> | undefined;
	if (!p || typeof p !== 'object') return ['pipeline'];
	const miss: string[] = [];
	if (!isFn(p.tokenizer, 'encode') || !isFn(p.tokenizer, 'decode')) miss.push('tokenizer');
	for (const f of ['beginScope', 'endScope', 'scalar', 'getGlobalFunc', 'detachFromCurrentScope'])
		if (!isFn(p.tvm, f)) miss.push(`tvm.${f}`);
	if (p.kvCache == null) miss.push('kvCache');
	if (typeof p.filledKVCacheLength !== 'number') miss.push('filledKVCacheLength');
	if (p.slidingWindowSize !== undefined && p.slidingWindowSize !== -1) miss.push('no sliding window');
	if (p.attentionSinkSize !== undefined && p.attentionSinkSize > 0) miss.push('no attention sinks');
	if (p.kvStateKind !== undefined && p.kvStateKind !== 'kv_cache') miss.push(`KV cache (found ${p.kvStateKind})`);
	return miss;
}

export function reachInternals(
	engine: MlcEngineLike,
	modelId: string,
	opts: { addBos: boolean; tap?: LogitTap; contextWindow: number }
): InternalsResult {
	if (!hasPipelineMap(engine)) return { ok: false, missing: [MISSING_PIPELINE_MAP] };
	const pipe = pipelineOf(engine, modelId);
	const missing = missingInternals(pipe);
	if (missing.length) return { ok: false, missing };
	const p = pipe as PipelineLike;
	const lock: LockLike | undefined = modelLockOf(engine, modelId);
	const bos = typeof p.bosTokenId === 'number' ? p.bosTokenId : 1;

	const backend: KvBackend = {
		encode: (text) => Array.from(p.tokenizer.encode(text)),
		decode: (ids) => p.tokenizer.decode(Int32Array.from(ids)),
		bosIds: opts.addBos ? [bos] : [],
		stopTokenIds: Array.isArray(p.stopTokens) ? [...p.stopTokens] : [],
		contextWindow: p.contextWindowSize && p.contextWindowSize > 0 ? p.contextWindowSize : opts.contextWindow,
		filled: () => p.filledKVCacheLength,
		reset: () => engine.resetChat(false, modelId),
		forward: (ids, isPrefill) => engine.forwardTokensAndSample(ids, isPrefill, modelId),
		truncate(length) {
			const n = p.filledKVCacheLength - length;
			if (n < 0) throw new Error(`cannot truncate ${p.filledKVCacheLength} tokens to ${length}`);
			if (n === 0) return;
			const tvm = p.tvm;
			// tvmjs hands out functions returning TVM objects only inside a scope; detach keeps it past endScope.
			tvm.beginScope();
			try {
				const popn = tvm.detachFromCurrentScope(tvm.getGlobalFunc('vm.builtin.kv_state_popn'));
				// JS numbers would cross as floats: the builtin wants int64 ids and counts.
				popn(p.kvCache, tvm.scalar(0, 'int64'), tvm.scalar(n, 'int64'));
			} finally {
				tvm.endScope();
			}
			p.filledKVCacheLength = length;
		},
		lastLogits() {
			const tapped = opts.tap?.last();
			if (tapped) return tapped;
			const a = p.logitsOnCPU?.toArray();
			return a ? Float32Array.from(a) : null;
		},
		async withLock(fn) {
			if (!lock || !isFn(lock, 'acquire') || !isFn(lock, 'release')) return fn();
			await lock.acquire();
			try {
				return await fn();
			} finally {
				await lock.release();
			}
		}
	};
	return { ok: true, backend };
}
