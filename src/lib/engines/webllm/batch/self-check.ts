// Measures, on the device at hand, which batch paths give the logits of single-sequence decode steps — the one
// forward that matched a one-shot prefill everywhere it was measured (real-engine/NOTES.md). On an H100 batched
// decoding matched single steps to 1.2e-4 and batch_verify to 2.2e-5; on the software adapter batched decoding
// matched to 1e-6 but batch_verify (a multi-token forward on a cached prefix) was off by ~1.7, as far as another
// context. So each path is measured and kept only where it matches; the rest falls back path by path:
//   verify ✓ + batched decode ✓ → questions (+ drafts) through verify, answers decoded B at a time;
//   verify ✗ + batched decode ✓ → questions fed token by token, B sequences per decode step;
//   batched decode ✗           → no batch path (the single-sequence prefix session answers instead).
import type { BatchKv } from './kv';
import { argmax } from './kv';
import { DEFAULT_TOLERANCE, maxAbsDiff, SIGNAL_RATIO } from '../kv/self-check';
import type { QuestionPath } from './session';
import { isObject as isObj } from '$lib/util/guards';

export interface BatchCheckPrompt {
	/** Context tokens (BOS included), prefilled into sequence 0. */
	context: number[];
	/** Two questions of ≥ 2 tokens each, different from each other. */
	questions: [number[], number[]];
	/** Tokens fed after each question, like a draft (≥ 1): covers verify past the question and the pop. */
	tail: number[];
}

export interface PathMeasure {
	/** Worst |Δlogit| against single decode steps over every fed position of both questions. */
	maxAbsDiff: number;
	/** Positions whose argmax equals the single steps' argmax, of all compared. */
	argmaxSame: number;
	positions: number;
	ok: boolean;
}

export interface BatchSelfCheckReport {
	schemaVersion: 1;
	questionPath: QuestionPath | 'none';
	/** Whether more than one sequence may share a decode step. */
	batchedDecode: boolean;
	decode: PathMeasure | null;
	verify: PathMeasure | null;
	/** After verify and a pop of the tail, the tail fed again by decode steps matched too, and lengths came back. */
	popRestored: boolean;
	/** max |Δ| between the two questions' logits: what a wrong context would look like. */
	contextSignal: number;
	tolerance: number;
	/** The bound used: min(tolerance, contextSignal / SIGNAL_RATIO). */
	bound: number;
	forwards: number;
	reason: string;
	ms: number;
}

/** Pure choice of the batch paths from the measures (see the file comment for the fallback order). */
export function chooseBatchPaths(
	decode: PathMeasure | null,
	verify: PathMeasure | null,
	popRestored: boolean,
	contextSignal: number
): Pick<BatchSelfCheckReport, 'questionPath' | 'batchedDecode' | 'reason'> {
	if (!(contextSignal > 0)) return { questionPath: 'none', batchedDecode: false, reason: 'the logits do not depend on the question, so no comparison can verify a batch path' };
	if (!decode?.ok)
		return { questionPath: 'none', batchedDecode: false, reason: `batched decoding does not match single decode steps (${fmt(decode)}): no batch path` };
	if (!verify?.ok || !popRestored)
		return {
			questionPath: 'decode-steps', batchedDecode: true,
			reason: `batched decoding matches (${fmt(decode)}); ${verify?.ok ? 'popping a verified tail did not restore the sequence' : `verify does not (${fmt(verify)})`}: questions are fed token by token`
		};
	return { questionPath: 'verify', batchedDecode: true, reason: `batched decoding (${fmt(decode)}) and verify (${fmt(verify)}) match single decode steps` };
}

const fmt = (m: PathMeasure | null) => (m ? `max |Δ| ${m.maxAbsDiff.toExponential(1)}, argmax ${m.argmaxSame}/${m.positions}` : 'not measured');

function measure(got: Float32Array[][], want: Float32Array[][], bound: number): PathMeasure {
	let worst = 0, same = 0, positions = 0;
	got.forEach((rows, k) =>
		rows.forEach((r, j) => {
			worst = Math.max(worst, maxAbsDiff(r, want[k][j]));
			if (argmax(r) === argmax(want[k][j])) same++;
			positions++;
		})
	);
	// The decision rests on the difference alone: an argmax flip under the bound is a near tie, which any
	// non-bit-exact path can meet; it is reported, not judged.
	return { maxAbsDiff: worst, argmaxSame: same, positions, ok: worst <= bound };
}

/**
 * Uses sequences 0…2 of `kv` and leaves it empty. Forwards: prefill ⌈context/chunk⌉, single steps 2 × (q + t),
 * batched steps max(q + t), one verify, t steps after the pop — 12 for 2-token questions and a 1-token tail.
 */
export async function runBatchSelfCheck(kv: BatchKv, p: BatchCheckPrompt, tolerance = DEFAULT_TOLERANCE): Promise<BatchSelfCheckReport> {
	const t0 = performance.now();
	let forwards = 0;
	const report = (r: Omit<BatchSelfCheckReport, 'schemaVersion' | 'tolerance' | 'forwards' | 'ms'>): BatchSelfCheckReport => ({
		schemaVersion: 1, ...r, tolerance, forwards, ms: performance.now() - t0
	});
	const feeds = p.questions.map((q) => [...q, ...p.tail]);
	if (p.questions.some((q) => q.length < 2) || !p.tail.length || kv.maxSequences < 3)
		return report({ questionPath: 'none', batchedDecode: false, decode: null, verify: null, popRestored: false, contextSignal: 0, bound: 0, reason: 'the check needs two questions of ≥ 2 tokens, a tail and 3 sequences' });
	const P = p.context.length;
	const fork = () =>
		[1, 2].forEach((s) => {
			kv.forkSequence(0, s);
			if (kv.length(s) !== P) throw new Error(`a forked sequence holds ${kv.length(s)} tokens, its parent ${P}`);
		});
	const drop = () => [1, 2].forEach((s) => kv.removeSequence(s));
	try {
		kv.addSequence(0);
		for (let i = 0; i < P; i += kv.chunkSize, forwards++) await kv.prefill(0, p.context.slice(i, i + kv.chunkSize));

		// Reference: each question alone, one token per forward.
		fork();
		const single: Float32Array[][] = [[], []];
		for (const k of [0, 1]) for (const id of feeds[k]) single[k].push((await kv.decode([{ seq: k + 1, id }]))[0]), forwards++;
		drop();
		const q = p.questions.map((x) => x.length);
		const contextSignal = maxAbsDiff(single[0][q[0] - 1], single[1][q[1] - 1]);
		const bound = Math.min(tolerance, contextSignal / SIGNAL_RATIO);

		// Both questions together, one token each per forward (the shorter one pads with nothing: it waits).
		fork();
		const batched: Float32Array[][] = [[], []];
		for (let j = 0; j < Math.max(feeds[0].length, feeds[1].length); j++) {
			const ins = [0, 1].filter((k) => j < feeds[k].length).map((k) => ({ seq: k + 1, id: feeds[k][j] }));
			const out = await kv.decode(ins);
			forwards++;
			ins.forEach((x, i) => batched[x.seq - 1].push(out[i]));
		}
		drop();
		const decode = measure(batched, single, bound);

		// Both questions and tails in one verify forward; then pop the tail of the first and feed it again by steps.
		fork();
		const verified = await kv.verify([0, 1].map((k) => ({ seq: k + 1, ids: feeds[k] })));
		forwards++;
		const verify = measure(verified, single, bound);
		const T = p.tail.length;
		kv.popTokens(1, T);
		let popRestored = kv.length(1) === P + q[0];
		const again: Float32Array[] = [];
		for (const id of p.tail) again.push((await kv.decode([{ seq: 1, id }]))[0]), forwards++;
		popRestored &&= kv.length(1) === P + feeds[0].length && measure([again], [single[0].slice(q[0])], bound).ok;
		drop();
		return report({ ...chooseBatchPaths(decode, verify, popRestored, contextSignal), decode, verify, popRestored, contextSignal, bound });
	} catch (e) {
		return report({ questionPath: 'none', batchedDecode: false, decode: null, verify: null, popRestored: false, contextSignal: 0, bound: 0, reason: `batch self-check failed: ${(e as Error).message}` });
	} finally {
		for (const s of [0, 1, 2]) {
			try {
				kv.removeSequence(s);
			} catch {
				// not there: fine
			}
		}
	}
}

/** The batch paths a report allows for a wanted question path, or null when none (use the single-sequence session). */
export function batchPlan(r: BatchSelfCheckReport | null, wanted: QuestionPath): QuestionPath | null {
	if (!r || r.questionPath === 'none' || !r.batchedDecode) return null;
	return wanted === 'verify' && r.questionPath === 'verify' ? 'verify' : 'decode-steps';
}

const isMeasure = (v: unknown) =>
	v === null || (isObj(v) && ['maxAbsDiff', 'argmaxSame', 'positions'].every((k) => typeof v[k] === 'number') && typeof v.ok === 'boolean');

/** For provenance read back from a worker message or a stored run: never trusted as typed. */
export function isBatchSelfCheckReport(v: unknown): v is BatchSelfCheckReport {
	return (
		isObj(v) && v.schemaVersion === 1 && (v.questionPath === 'verify' || v.questionPath === 'decode-steps' || v.questionPath === 'none') &&
		typeof v.batchedDecode === 'boolean' && isMeasure(v.decode) && isMeasure(v.verify) && typeof v.popRestored === 'boolean' &&
		['contextSignal', 'tolerance', 'bound', 'forwards', 'ms'].every((k) => typeof v[k] === 'number') && typeof v.reason === 'string'
	);
}
