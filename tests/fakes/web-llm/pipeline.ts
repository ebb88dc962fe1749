// A fake LLMChatPipeline with the fields the prefix-reuse path reaches into (names as in web-llm 0.2.79 / 0.2.86).
// Its "logits" are a hash of the whole token history in the KV state, so any wrong KV state gives other answers.
import { fnv1a } from '$lib/util/fnv';
import { BOS, EOS, FakeTokenizer, VOCAB } from './tokenizer';
import { FakeTvm, type FakeKvCache } from './tvm';
import type { LogitProcessorLike } from '$lib/engines/webllm/module';
import { makeFakeBatchPipeline, type FakeBatchPipelineOptions } from '../batch/tvm-pipeline';

export interface FakeBehaviour {
	/** Multi-token prefill on a non-empty KV cache sees only its own tokens (the software adapter's flaw). */
	brokenChunk?: boolean;
	/** Leave `logitsOnCPU` empty unless a logit processor is registered (as 0.2.86 does). */
	logitsOnlyWithProcessor?: boolean;
	/** Pops only half of what was asked (a KV cache that cannot be trimmed correctly). */
	brokenPop?: boolean;
	/**
	 * Carry the library functions and tvmjs calls batches use (batch_decode, batch_verify, forks), over this fake's
	 * own logits, so batched answers can be compared with the single-sequence ones.
	 */
	batch?: Omit<FakeBatchPipelineOptions, 'logits' | 'vocab'>;
}

export interface FakeStats {
	prefillCalls: number;
	prefilledTokens: number;
	decodeSteps: number;
}

/** FNV-1a over a token history: every fake's logits are a function of the whole history. */
export function historyHash(history: readonly number[]): number {
	return fnv1a(history);
}

/** Logits in [−2, 2) drawn by xorshift from the history's hash, so a wrong KV state gives other answers. */
export function historyNoise(history: readonly number[]): Float32Array {
	const out = new Float32Array(VOCAB);
	let s = historyHash(history) || 1;
	for (let i = 0; i < VOCAB; i++) {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		out[i] = ((s >>> 0) / 4294967296) * 4 - 2;
	}
	return out;
}

function logitsFor(history: readonly number[]): Float32Array {
	const out = historyNoise(history);
	out[0] = -10; // never pick <unk>
	out[BOS] = -10;
	return out;
}

export class FakePipeline {
	tokenizer = new FakeTokenizer();
	tvm: FakeTvm;
	kvCache: FakeKvCache = { tokens: [] };
	filledKVCacheLength = 0;
	bosTokenId = BOS;
	stopTokens = [EOS];
	contextWindowSize: number;
	slidingWindowSize: number;
	attentionSinkSize = 0;
	kvStateKind = 'kv_cache';
	prefillChunkSize = 16;
	logitsOnCPU?: { toArray(): Float32Array };
	stats: FakeStats = { prefillCalls: 0, prefilledTokens: 0, decodeSteps: 0 };

	constructor(
		opts: { contextWindow: number; slidingWindow: number },
		private behaviour: FakeBehaviour,
		private logitProcessor?: LogitProcessorLike
	) {
		this.contextWindowSize = opts.contextWindow;
		this.slidingWindowSize = opts.slidingWindow;
		this.tvm = new FakeTvm(behaviour.brokenPop ?? false);
		if (behaviour.batch) {
			if (behaviour.batch.chunk) this.prefillChunkSize = behaviour.batch.chunk;
			const { pipe } = makeFakeBatchPipeline({ ...behaviour.batch, logits: logitsFor, vocab: VOCAB, chunk: this.prefillChunkSize });
			// One runtime for both caches: its popn also serves web-llm's own { tokens } cache.
			const { tvm, ...fields } = pipe;
			this.tvm = tvm as unknown as FakeTvm;
			Object.assign(this, fields);
		}
	}

	resetChat(): void {
		this.kvCache.tokens = [];
		this.filledKVCacheLength = 0;
		this.logitProcessor?.resetState();
	}

	async forwardTokensAndSample(ids: number[], isPrefill: boolean): Promise<number> {
		if (ids.length === 0) throw new Error('inputIds must not be empty');
		if (this.kvCache.tokens.length !== this.filledKVCacheLength)
			throw new Error('fake: filledKVCacheLength out of step with the KV state');
		const history =
			this.behaviour.brokenChunk && ids.length > 1 && this.kvCache.tokens.length > 0
				? [...ids]
				: [...this.kvCache.tokens, ...ids];
		this.kvCache.tokens.push(...ids);
		this.filledKVCacheLength += ids.length;
		if (ids.length > 1 || isPrefill) {
			this.stats.prefillCalls++;
			this.stats.prefilledTokens += ids.length;
		} else this.stats.decodeSteps++;
		let logits = logitsFor(history);
		if (this.logitProcessor) logits = this.logitProcessor.processLogits(logits);
		if (this.logitProcessor || !this.behaviour.logitsOnlyWithProcessor) {
			const copy = logits.slice();
			this.logitsOnCPU = { toArray: () => copy.slice() };
		}
		let best = 0;
		for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
		this.logitProcessor?.processSampledToken(best);
		return best;
	}

	/** web-llm's own count of the tokens in its KV cache (its bookkeeping, beside the cache's real content). */
	get filledLength(): number {
		return this.filledKVCacheLength;
	}

	/** Destroys the GPU device under the pipeline, as a driver reset would. */
	loseDevice(): void {
		this.tvm.lib.webGPUContext.device.destroy();
	}

	/** What the public completion path would answer: used to check the fake itself. */
	greedyHistoryLogits(history: number[]): Float32Array {
		return logitsFor(history);
	}
}
