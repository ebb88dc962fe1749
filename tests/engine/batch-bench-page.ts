// GPU benchmark of the batch paths, for the gpu-rig (/work/shared/gpu-rig: served by its server.py, which maps
// /model/ and /lib.wasm, and collects POST /log and /result). Built by batch-bench-build.ts into one module that
// imports web-llm 0.2.79 from the rig's own ./web-llm.js. Answers n questions on one N-token context one at a time
// (web-llm's own cache: context prefilled once, question as one chunk, greedy decode, pop — the app's reuse path) and
// then in batches on forked sequences (no drafts, right drafts, drafts wrong in the middle), and compares every
// answer's tokens and text. Query: N ctx n ql al B vocab drafts=none,right,wrong,steps base=webllm|own.
import * as webllm from 'web-llm-0279';
import { reachInternals } from '$lib/engines/webllm/kv/internals';
import { decodeGreedy } from '$lib/engines/webllm/kv/greedy';
import { neutralChatOptions } from '$lib/engines/webllm/worker-server';
import { createTvmBatchKv, missingBatchInternals, readLibraryMetadata, type PipelineForBatch } from '$lib/engines/webllm/batch/tvm-kv';
import { runBatchSelfCheck, batchPlan } from '$lib/engines/webllm/batch/self-check';
import { BatchSession, type BatchQuestion } from '$lib/engines/webllm/batch/session';
import { goldDraft } from '$lib/engines/webllm/batch/draft';
import { chooseBatchSize, kvTokensFor } from '$lib/engines/webllm/batch/batch-size';

const q = new URLSearchParams(location.search);
const num = (k: string, d: number) => (q.has(k) ? Number(q.get(k)) : d);
const N = num('N', 16384), ctx = num('ctx', 32768), n = num('n', 64), QL = num('ql', 40), AL = num('al', 20), Bq = num('B', 32), vocab = num('vocab', 32000);
const modes = (q.get('drafts') ?? 'none,right,wrong').split(',').filter(Boolean);
const base = q.get('base') ?? 'webllm';
const t0 = performance.now();
const el = () => ((performance.now() - t0) / 1000).toFixed(1);
const post = (path: string, m: unknown) => fetch(path, { method: 'POST', body: typeof m === 'string' ? m : JSON.stringify(m) });
const log = (m: unknown) => post('/log', `[${el()}s] ${typeof m === 'string' ? m : JSON.stringify(m)}`);
const rnd = (len: number, seed: number) => {
	let x = (seed * 2654435761) >>> 0;
	const a: number[] = [];
	for (let i = 0; i < len; i++) {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		a.push(3 + ((x >>> 8) % (vocab - 3)));
	}
	return a;
};
const secs = (ms: number) => +(ms / 1000).toFixed(3);
interface Ans { ids: number[]; text: string; finishReason: string }
const same = (a: Ans, b: Ans) => a.text === b.text && a.finishReason === b.finishReason && a.ids.length === b.ids.length && a.ids.every((t, i) => t === b.ids[i]);

const res: Record<string, unknown> = { params: { N, ctx, n, QL, AL, B: Bq, vocab, modes, base } };
try {
	const id = 'rand';
	const opts = neutralChatOptions(ctx);
	let t = performance.now();
	const engine = new webllm.MLCEngine({ appConfig: { model_list: [{ model: location.origin + '/model/', model_id: id, model_lib: location.origin + '/lib.wasm', overrides: opts }] } });
	await engine.reload(id, opts);
	res.load_s = secs(performance.now() - t);
	await log(`loaded in ${res.load_s} s`);
	const r = reachInternals(engine as never, id, { addBos: false, contextWindow: ctx });
	if (!r.ok) throw new Error(`internals missing: ${r.missing.join(', ')}`);
	const b = r.backend;
	const context = rnd(N, 1);
	const questions = Array.from({ length: n }, (_, k) => rnd(QL, 100 + k));
	const eos = b.stopTokenIds[0];

	let baseline: Ans[] = [];
	if (base === 'webllm') {
		await b.reset();
		t = performance.now();
		await b.forward(context, true);
		const prefill = performance.now() - t;
		t = performance.now();
		for (const qq of questions) {
			const first = await b.forward(qq, true);
			const d = await decodeGreedy(b, first, { maxTokens: AL });
			baseline.push({ ids: d.ids, text: d.text, finishReason: d.finishReason });
			b.truncate(N);
		}
		const answer = performance.now() - t;
		res.baseline = { path: 'web-llm cache, question as one chunk, greedy decode, pop', prefill_s: secs(prefill), answers_s: secs(answer), per_question_s: secs(answer / n), tokens: baseline.reduce((s, a) => s + a.ids.length, 0) };
		await log({ baseline: res.baseline });
		await b.reset();
	}

	const pipe = (engine as unknown as { loadedModelIdToPipeline: Map<string, unknown> }).loadedModelIdToPipeline.get(id);
	const missing = missingBatchInternals(pipe);
	if (missing.length) throw new Error(`batch internals missing: ${missing.join(', ')}`);
	const p = pipe as PipelineForBatch;
	const lib = readLibraryMetadata(p);
	res.library = lib;
	res.batch_size = chooseBatchSize({ questions: n, libraryMaxBatch: lib.maxBatchSize, kvBytesPerToken: 0, contextTokens: N, perSequenceTokens: QL + AL + 1, sweetSpot: Bq });
	const B = Math.min(Bq, n);
	const kv = createTvmBatchKv(p, { maxSequences: B + 1, capacityTokens: kvTokensFor(N, B, QL + AL + 1) });
	const sc = await runBatchSelfCheck(kv, { context: rnd(64, 7), questions: [rnd(8, 8), rnd(8, 9)], tail: rnd(4, 10) });
	res.self_check = sc;
	await log({ self_check: sc });
	const session = new BatchSession(kv);
	t = performance.now();
	await session.prefillContext(context);
	res.batch_prefill_s = secs(performance.now() - t);
	await log(`own cache: context prefilled in ${res.batch_prefill_s} s`);
	const run = async (mode: string, B: number, path: 'verify' | 'decode-steps', qs: BatchQuestion[]) => {
		const before = { ...session.stats };
		const t1 = performance.now();
		const got = await session.answer(qs, { B, questionPath: path, stopTokenIds: b.stopTokenIds, contextWindow: ctx, decode: (ids) => b.decode(ids) });
		const s = performance.now() - t1;
		const st = session.stats as unknown as Record<string, number>;
		const delta = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, +(st[k] - (v as number)).toFixed(1)]));
		return { got, row: { mode, B, path, s: secs(s), per_question_s: secs(s / n), tokens_per_s: +(got.reduce((x, a) => x + a.ids.length, 0) / (s / 1000)).toFixed(1), stats: delta } };
	};
	const plan = batchPlan(sc, 'verify');
	if (!plan) throw new Error(`no batch path on this device: ${sc.reason}`);
	if (base === 'own') {
		const { got, row } = await run('one-at-a-time', 1, plan, questions.map((ids) => ({ ids, maxTokens: AL })));
		baseline = got;
		res.baseline = { ...row, path: `own cache, B = 1, ${plan}` };
		await log({ baseline: res.baseline });
	}
	const runs: unknown[] = [];
	for (const mode of modes) {
		const qs: BatchQuestion[] = questions.map((ids, k) => {
			const g = baseline[k].ids;
			const draft =
				mode === 'right' ? goldDraft(g, baseline[k].finishReason === 'stop' ? eos : undefined)
				: mode === 'wrong' ? g.map((x, i) => (i === Math.floor(g.length / 2) ? 3 + ((x - 2) % (vocab - 3)) : x))
				: undefined;
			return { ids, maxTokens: AL, draft };
		});
		const { got, row } = await run(mode, B, mode === 'steps' ? 'decode-steps' : plan, qs);
		const identical = got.filter((a, k) => same(a, baseline[k])).length;
		const out = { ...row, identical: `${identical}/${n}`, first_diff: got.findIndex((a, k) => !same(a, baseline[k])) };
		runs.push(out);
		await log({ run: out });
	}
	res.runs = runs;
	kv.dispose();
} catch (e) {
	res.error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
	await log(`ERROR ${res.error}`);
}
res.total_s = secs(performance.now() - t0);
await post('/result', res);
document.title = 'done';
