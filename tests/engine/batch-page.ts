// The page side of tests/engine/batch-check.ts: web-llm 0.2.79's real runtime in the page (no worker: nothing here
// is about the worker), the batch paths over its pipeline, and web-llm's own plain greedy path as the reference.
// Returns plain data; the Node side asserts.
import * as webllm from 'web-llm-0279';
import { reachInternals } from '$lib/engines/webllm/kv/internals';
import { decodeGreedy } from '$lib/engines/webllm/kv/greedy';
import { neutralChatOptions } from '$lib/engines/webllm/worker-server';
import { createTvmBatchKv, missingBatchInternals, readLibraryMetadata, type PipelineForBatch } from '$lib/engines/webllm/batch/tvm-kv';
import { runBatchSelfCheck, batchPlan, type BatchSelfCheckReport } from '$lib/engines/webllm/batch/self-check';
import { BatchSession, type BatchQuestion } from '$lib/engines/webllm/batch/session';
import { kvTokensFor } from '$lib/engines/webllm/batch/batch-size';

export interface BatchCheckInput {
	id: string;
	model: string;
	lib: string;
	contextWindow: number;
	context: number[];
	questions: number[][];
	tail: number[];
	maxTokens: number;
}

interface Ans {
	ids: number[];
	text: string;
	finishReason: string;
}

export interface BatchCheckOutput {
	adapter: string;
	loadMs: number;
	missing: string[];
	library: { maxBatchSize?: number; prefillChunkSize?: number };
	reference: Ans[];
	referenceMs: number;
	selfCheck: BatchSelfCheckReport | null;
	path: string | null;
	batched: (Ans & { forwards: number; draftFed: number; draftAccepted: number })[];
	batchMs: number;
	batchStats: unknown;
	error?: string;
}

// Progress as console warnings: tests/engine/browser.ts forwards those to the runner's log.
const note = (m: string) => console.warn(`[batch-page ${(performance.now() / 1000).toFixed(0)} s] ${m}`);

async function batchCheck(i: BatchCheckInput): Promise<BatchCheckOutput> {
	const out: BatchCheckOutput = { adapter: '', loadMs: 0, missing: [], library: {}, reference: [], referenceMs: 0, selfCheck: null, path: null, batched: [], batchMs: 0, batchStats: null };
	try {
		const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
		const a = await gpu.requestAdapter();
		out.adapter = a ? `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`.trim() : 'none';
		let t = performance.now();
		const opts = neutralChatOptions(i.contextWindow);
		const engine = new webllm.MLCEngine({ appConfig: { model_list: [{ model: i.model, model_id: i.id, model_lib: i.lib, overrides: opts }] } });
		await engine.reload(i.id, opts);
		out.loadMs = performance.now() - t;
		note('loaded');

		// Reference: web-llm's own path, each question alone — one-shot prefill of context + question, greedy decode.
		const r = reachInternals(engine as never, i.id, { addBos: false, contextWindow: i.contextWindow });
		if (!r.ok) throw new Error(`internals missing: ${r.missing.join(', ')}`);
		const b = r.backend;
		t = performance.now();
		for (const q of i.questions) {
			await b.reset();
			const first = await b.forward([...i.context, ...q], true);
			const d = await decodeGreedy(b, first, { maxTokens: i.maxTokens });
			out.reference.push({ ids: d.ids, text: d.text, finishReason: d.finishReason });
			note(`reference answer ${out.reference.length}: ${JSON.stringify(d.ids)}`);
		}
		out.referenceMs = performance.now() - t;
		await b.reset();

		const pipe = (engine as unknown as { loadedModelIdToPipeline: Map<string, unknown> }).loadedModelIdToPipeline.get(i.id);
		out.missing = missingBatchInternals(pipe);
		if (out.missing.length) return out;
		const p = pipe as PipelineForBatch;
		out.library = readLibraryMetadata(p);
		const B = i.questions.length;
		const perSeq = Math.max(...i.questions.map((q) => q.length)) + Math.max(i.maxTokens, i.tail.length) + 1;
		const kv = createTvmBatchKv(p, { maxSequences: Math.max(3, B + 1), capacityTokens: kvTokensFor(i.context.length, Math.max(2, B), perSeq) });
		try {
			out.selfCheck = await runBatchSelfCheck(kv, { context: i.context, questions: [i.questions[0], i.questions[1]], tail: i.tail });
			out.path = batchPlan(out.selfCheck, 'verify');
			note(`self-check: ${out.selfCheck.reason}`);
			if (!out.path) return out;
			const s = new BatchSession(kv);
			t = performance.now();
			await s.prefillContext(i.context);
			const qs: BatchQuestion[] = i.questions.map((ids) => ({ ids, maxTokens: i.maxTokens }));
			const got = await s.answer(qs, {
				B, questionPath: out.path as 'verify' | 'decode-steps', stopTokenIds: b.stopTokenIds, contextWindow: i.contextWindow, decode: (ids) => b.decode(ids)
			});
			out.batchMs = performance.now() - t;
			out.batched = got.map((x) => ({ ids: x.ids, text: x.text, finishReason: x.finishReason, forwards: x.forwards, draftFed: x.draftFed, draftAccepted: x.draftAccepted }));
			out.batchStats = s.stats;
		} finally {
			kv.dispose();
		}
		await engine.unload();
	} catch (e) {
		out.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	}
	return out;
}

(window as unknown as { harness: unknown }).harness = { batchCheck };
document.title = 'ready';
