// The page side of tests/engine/batch-check.ts: the project's WebLLM engine (createWebLlmEngine) over the twin worker
// (serveWebLlmWorker on web-llm 0.2.79's real runtime). One-at-a-time answers come from engine.generate (a full
// prefill per question: reuse off), batched answers from engine.generateBatch — the worker's batch answerer, which
// measures the batch paths on this device first and keeps only those that match. Returns plain data; Node asserts.
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { idsToText } from '$lib/engines/webllm/synthetic';
import { specFor } from './harness/main';

export interface BatchCheckInput {
	id: string;
	model: string;
	lib: string;
	contextWindow: number;
	context: number[];
	questions: number[][];
	maxTokens: number;
}

export interface Ans {
	text: string;
	finishReason: string;
	tokens: number;
}

/** The batch self-check's figures, as the engine reports them in its batch details. */
export interface CheckFigures {
	questionPath: string;
	decodeDiff: number | null;
	verifyDiff: number | null;
	bound: number;
	contextSignal: number;
	reason: string;
}

export interface BatchCheckOutput {
	adapter: string;
	loadMs: number;
	reference: Ans[];
	referenceMs: number;
	selfCheck: CheckFigures | null;
	/** The batch path used ('batch:decode-steps', …), or the one-at-a-time path it fell back to. */
	path: string | null;
	fallback: string | null;
	batched: (Ans & { draftFed: number; draftAccepted: number })[];
	batchMs: number;
	details: Record<string, unknown>;
	error?: string;
}

// Progress as console warnings: tests/engine/browser.ts forwards those to the runner's log.
const note = (m: string) => console.warn(`[batch-page ${(performance.now() / 1000).toFixed(0)} s] ${m}`);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

async function batchCheck(i: BatchCheckInput): Promise<BatchCheckOutput> {
	const out: BatchCheckOutput = { adapter: '', loadMs: 0, reference: [], referenceMs: 0, selfCheck: null, path: null, fallback: null, batched: [], batchMs: 0, details: {} };
	const worker = new Worker(new URL('./webllm-0279.worker.ts', import.meta.url), { type: 'module' });
	try {
		const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
		const a = await gpu.requestAdapter();
		out.adapter = a ? `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`.trim() : 'none';
		// The generated vocabulary reads "w<id>" words: prompts are those words, so they tokenize to exactly these ids.
		const prefix = idsToText(i.context);
		const prompts = i.questions.map((q) => prefix + ' ' + idsToText(q));
		const checkPrompt = { prefix, questions: [' ' + idsToText(i.questions[0]), ' ' + idsToText(i.questions[1])] as [string, string] };
		const engine = createWebLlmEngine(worker, { reuse: 'off', storage: null, checkPrompt });
		let t = performance.now();
		await engine.load(specFor({ id: i.id, model: i.model, lib: i.lib, contextWindow: i.contextWindow }), { contextWindow: i.contextWindow });
		out.loadMs = performance.now() - t;
		note('loaded');

		t = performance.now();
		for (const prompt of prompts) {
			const g = await engine.generate({ prompt, maxTokens: i.maxTokens });
			out.reference.push({ text: g.text, finishReason: g.finishReason, tokens: g.usage.completionTokens });
			note(`one at a time ${out.reference.length}: ${g.path}, ${g.usage.completionTokens} tokens, ${g.finishReason}`);
		}
		out.referenceMs = performance.now() - t;

		t = performance.now();
		const got: BatchCheckOutput['batched'] = [];
		const outcome = await engine.generateBatch({
			prefix,
			items: prompts.map((prompt) => ({ prompt, maxTokens: i.maxTokens })),
			onItem: (k, g) => (got[k] = { text: g.text, finishReason: g.finishReason, tokens: g.usage.completionTokens, draftFed: g.draftFed, draftAccepted: g.draftAccepted })
		});
		out.batchMs = performance.now() - t;
		out.batched = got;
		out.path = outcome.path;
		out.fallback = outcome.fallback;
		out.details = outcome.details;
		const d = outcome.details;
		if (typeof d.batchCheckQuestionPath === 'string')
			out.selfCheck = {
				questionPath: d.batchCheckQuestionPath, decodeDiff: num(d.batchCheckDecodeDiff), verifyDiff: num(d.batchCheckVerifyDiff),
				bound: num(d.batchCheckBound) ?? 0, contextSignal: num(d.batchCheckContextSignal) ?? 0, reason: String(d.batchCheckReason ?? '')
			};
		note(`batched: ${outcome.path} ${outcome.fallback ?? ''} ${JSON.stringify(d)}`);
		await engine.unload();
	} catch (e) {
		out.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	} finally {
		worker.terminate();
	}
	return out;
}

(window as unknown as { harness: unknown }).harness = { batchCheck };
document.title = 'ready';
