// The worker's batch answerer: questions of one shared prefix, answered B at a time on sequences forked off the
// prefix in a KV cache of our own (session.ts), streamed back one answer at a time. Before it relies on a batch
// path it measures it (self-check.ts) on this device, once per load; where no batch path holds, or the model lacks
// the library functions, it answers one at a time through the single-sequence prefix session and says why.
import type { KvBackend } from '../kv/backend';
import type { PrefixSession, SuffixPath } from '../kv/session';
import { DEFAULT_CHECK_PROMPT, type SelfCheckPrompt } from '../kv/self-check';
import { splitAtPrefix, withBos } from '../prompt';
import { BatchSession, type BatchAnswer, type BatchStats, type QuestionPath } from './session';
import { runBatchSelfCheck, batchPlan, type BatchSelfCheckReport } from './self-check';
import { prepareBatch } from './prompts';
import { chooseBatchSize, kvTokensFor, type BatchSizeChoice } from './batch-size';
import type { BatchRuntime } from '../runtime';
import type { BatchKv } from './kv';

export interface BatchItemSpec {
	prompt: string;
	maxTokens: number;
	stop?: string[];
	/** The expected answer text: only a speed hint (a draft); any text gives the same answers. */
	expected?: string;
}

export interface BatchSpec {
	prefix: string;
	items: BatchItemSpec[];
	/** Feed expected answers as drafts (verify path only). */
	drafts: boolean;
	/** 'auto': verify where the self-check kept it, else decode steps. */
	questionPath: 'auto' | QuestionPath;
	/** Most sequences decoded together (default: the measured sweet spot). */
	maxB?: number;
}

/** One answer of a batch, in the shape of a single generate's result plus the draft's fate. */
export interface BatchItemResult {
	text: string;
	finishReason: 'stop' | 'length' | 'abort';
	path: string;
	promptTokens: number;
	completionTokens: number;
	draftFed: number;
	draftAccepted: number;
	/** Wall time from the batch's start to this answer. */
	totalMs: number;
}

export interface BatchRunResult {
	/** 'batch:verify', 'batch:decode-steps', or the single-sequence path used instead. */
	path: string;
	/** Why the batch path was not used (null when it was). */
	fallback: string | null;
	B: number;
	limitedBy: BatchSizeChoice['limitedBy'] | null;
	contextTokens: number;
	/** Prefill of the shared context in the batch cache (0 when it was already held). */
	prefillMs: number;
	totalMs: number;
	stats: BatchStats | null;
	selfCheck: BatchSelfCheckReport | null;
}

export interface BatchDeps {
	backend: KvBackend;
	session: PrefixSession;
	/** KV caches of our own and the library's limits, from the web-llm boundary. */
	runtime: BatchRuntime;
	/** The single-sequence reuse path the reuse self-check kept, or 'none'. */
	reusePath: () => SuffixPath | 'none';
	checkPrompt?: SelfCheckPrompt;
	/** Page-size multiple the cache grows in, so a slightly longer context does not rebuild it. */
	growTokens?: number;
}

const GROW = 4096;

export class BatchAnswerer {
	private kv: BatchKv | null = null;
	private report: BatchSelfCheckReport | null = null;
	private session: BatchSession | null = null;
	private held: number[] | null = null;
	private unavailable: string | null;

	constructor(private readonly d: BatchDeps) {
		const miss = d.runtime.missing;
		this.unavailable = miss.length ? `the model lacks what batches need (${miss.join(', ')})` : null;
	}

	get selfCheck(): BatchSelfCheckReport | null {
		return this.report;
	}

	dispose(): void {
		this.kv?.dispose();
		this.kv = null;
		this.session = null;
		this.held = null;
	}

	/** A cache with room for `maxSequences` and `tokens`; kept while it is big enough. */
	private ensureKv(maxSequences: number, tokens: number): BatchKv {
		if (this.kv && this.kv.maxSequences >= maxSequences && this.kv.capacityTokens >= tokens) return this.kv;
		this.dispose();
		const grow = this.d.growTokens ?? GROW;
		const capacity = Math.ceil(tokens / grow) * grow;
		this.kv = this.d.runtime.createKv({ maxSequences, capacityTokens: capacity });
		this.session = new BatchSession(this.kv);
		return this.kv;
	}

	/** The self-check's token prompt, from the load's check prompt (a generated vocabulary brings its own words). */
	private checkTokens() {
		const b = this.d.backend;
		const p = this.d.checkPrompt ?? DEFAULT_CHECK_PROMPT;
		const qs = p.questions.map((q) => splitAtPrefix((t) => b.encode(t), p.prefix + q, p.prefix));
		if (!qs[0].ok || !qs[1].ok) return null;
		const [a, c] = [qs[0].suffixIds, qs[1].suffixIds];
		return { context: withBos(b.bosIds, b.encode(p.prefix)), questions: [a, c] as [number[], number[]], tail: [c[0]] };
	}

	/** Measure the batch paths once per load, on a small cache of their own. */
	async check(): Promise<BatchSelfCheckReport | null> {
		if (this.unavailable) return null;
		if (this.report) return this.report;
		const t = this.checkTokens();
		if (!t) {
			this.unavailable = 'the check prompt does not split at its prefix';
			return null;
		}
		const kv = this.ensureKv(3, kvTokensFor(t.context.length, 2, Math.max(...t.questions.map((q) => q.length)) + t.tail.length));
		this.held = null; // the check empties the cache
		this.report = await runBatchSelfCheck(kv, t);
		return this.report;
	}

	async answer(spec: BatchSpec, onItem: (index: number, r: BatchItemResult) => void, signal?: AbortSignal): Promise<BatchRunResult> {
		const t0 = performance.now();
		// The single-sequence session takes the model lock per question itself, so it runs outside the batch's lock.
		const r = this.unavailable ? this.unavailable : await this.d.backend.withLock(() => this.batched(spec, onItem, t0, signal));
		return typeof r === 'string' ? this.oneAtATime(spec, onItem, r, t0, signal) : r;
	}

	/** The batch path, or why it cannot be used. */
	private async batched(spec: BatchSpec, onItem: (index: number, r: BatchItemResult) => void, t0: number, signal?: AbortSignal): Promise<BatchRunResult | string> {
		const b = this.d.backend;
		const report = await this.check();
		const wanted: QuestionPath = spec.questionPath === 'auto' ? 'verify' : spec.questionPath;
		const path = batchPlan(report, wanted);
		if (!path) return report ? `the batch self-check kept no path: ${report.reason}` : (this.unavailable ?? 'no batch self-check');
		const eos = b.stopTokenIds[0];
		const prep = prepareBatch((t) => b.encode(t), b.bosIds, spec.prefix, spec.items.map((i) => ({ prompt: i.prompt, maxTokens: i.maxTokens, stop: i.stop, gold: spec.drafts && path === 'verify' ? i.expected : undefined })), eos);
		if (!prep.ok) return `question ${prep.question} does not share the prefix (${prep.reason})`;
		const P = prep.contextIds.length;
		const perSeq = Math.max(...prep.questions.map((q) => q.ids.length + Math.max(q.maxTokens, q.draft?.length ?? 0)));
		const meta = this.d.runtime.libraryMetadata();
		const size = (questions: number) => chooseBatchSize({ questions, libraryMaxBatch: meta.maxBatchSize, kvBytesPerToken: 0, contextTokens: P, perSequenceTokens: perSeq, sweetSpot: spec.maxB });
		const choice = size(spec.items.length);
		if (choice.B < 1) return 'no question sequence fits';
		// The cache is sized for a full batch even when few questions are left, so the held context survives to the next call.
		const full = size(Number.MAX_SAFE_INTEGER);
		this.ensureKv(full.B + 1, full.kvTokens);
		const session = this.session!;
		let prefillMs = 0;
		if (!sameIds(this.held, prep.contextIds) || session.contextLength !== P) {
			this.held = null;
			const tp = performance.now();
			await session.prefillContext(prep.contextIds);
			prefillMs = performance.now() - tp;
			this.held = prep.contextIds;
		}
		const before = { ...session.stats };
		const label = `batch:${path}`;
		const toItem = (a: BatchAnswer): BatchItemResult => ({
			text: a.text, finishReason: a.finishReason, path: label, promptTokens: P + prep.questions[a.question].ids.length,
			completionTokens: a.ids.length, draftFed: a.draftFed, draftAccepted: a.draftAccepted, totalMs: performance.now() - t0
		});
		try {
			await session.answer(prep.questions, {
				B: choice.B, questionPath: path, stopTokenIds: b.stopTokenIds, contextWindow: b.contextWindow,
				decode: (ids) => b.decode(ids), signal, onAnswer: (q, a) => onItem(q, toItem(a))
			});
		} catch (e) {
			// The context sequence may be anything after a failed forward: prefill it again next time.
			this.held = null;
			throw e;
		}
		return {
			path: label, fallback: null, B: choice.B, limitedBy: choice.limitedBy, contextTokens: P, prefillMs,
			totalMs: performance.now() - t0, stats: diffStats(session.stats, before), selfCheck: report
		};
	}

	/** Same answers, one question at a time on web-llm's own cache. */
	private async oneAtATime(spec: BatchSpec, onItem: (index: number, r: BatchItemResult) => void, why: string, t0: number, signal?: AbortSignal): Promise<BatchRunResult> {
		const path = this.d.reusePath();
		let label = 'full-prefill';
		for (const [i, it] of spec.items.entries()) {
			if (signal?.aborted) break;
			const o = { maxTokens: it.maxTokens, stop: it.stop, signal };
			const a = path !== 'none' ? await this.d.session.withPrefix(it.prompt, spec.prefix, path, o) : await this.d.session.fullPrefill(it.prompt, o);
			label = a.path;
			onItem(i, { text: a.text, finishReason: a.finishReason, path: a.path, promptTokens: a.promptTokens, completionTokens: a.ids.length, draftFed: 0, draftAccepted: 0, totalMs: performance.now() - t0 });
		}
		return { path: label, fallback: why, B: 1, limitedBy: null, contextTokens: 0, prefillMs: 0, totalMs: performance.now() - t0, stats: null, selfCheck: this.report };
	}
}

function sameIds(a: readonly number[] | null, b: readonly number[]): boolean {
	return !!a && a.length === b.length && a.every((t, i) => t === b[i]);
}

function diffStats(now: BatchStats, before: BatchStats): BatchStats {
	const out = { ...now };
	for (const k of Object.keys(out) as (keyof BatchStats)[]) out[k] = now[k] - before[k];
	return out;
}
