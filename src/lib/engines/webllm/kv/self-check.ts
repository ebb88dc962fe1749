// Measures, on the device at hand, which suffix path gives the same next-token logits as a one-shot prefill.
// On an H100 both paths matched (≤ 9e-5); on the software adapter a multi-token prefill on top of a cached
// prefix was off by ~2.5 — as far as a different context — while decode steps matched to 5e-6
// (../shared/real-engine/NOTES.md). So no path is trusted until measured.
import type { KvBackend } from './backend';
import { feed, type SuffixPath } from './session';
import { splitAtPrefix, withBos } from '../prompt';

/** Fastest first: a chunk is one forward; decode steps cost one forward per suffix token. */
export const SUFFIX_PATHS: readonly SuffixPath[] = ['chunk', 'decode-steps'];

/**
 * Absolute tolerance: f32 kernels that reorder sums differ by ~1e-5–1e-4 (measured 8e-5 on the H100), far below the
 * ~2.5–6 a wrong context gives. The relative bound keeps the check meaningful for models whose logits barely move.
 */
export const DEFAULT_TOLERANCE = 1e-3;
export const SIGNAL_RATIO = 100;

export interface SelfCheckReport {
	path: SuffixPath | 'none';
	/** Worst |Δlogit| of each path against one-shot prefills (first question after prefill, second after a pop). */
	maxAbsDiff: Partial<Record<SuffixPath, number>>;
	/** max |Δ| between the two questions' one-shot logits: what a wrong context would look like. */
	contextSignal: number;
	tolerance: number;
	/** The KV length came back to the prefix length after every pop. */
	kvRestored: boolean;
	prefixTokens: number;
	questionTokens: number[];
	reason: string;
	ms: number;
}

export interface SelfCheckPrompt {
	prefix: string;
	questions: [string, string];
}

export const DEFAULT_CHECK_PROMPT: SelfCheckPrompt = {
	prefix: 'Context: the red key is in the box.',
	questions: [' Where is the key?', ' What colour is it?']
};

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
	if (a.length !== b.length) return Infinity;
	let m = 0;
	for (let i = 0; i < a.length; i++) {
		const d = Math.abs(a[i] - b[i]);
		if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
	}
	return m;
}

/** Pure choice: the first path (fastest first) within tolerance and within 1/SIGNAL_RATIO of the context signal. */
export function choosePath(
	diffs: Partial<Record<SuffixPath, number>>,
	contextSignal: number,
	kvRestored: boolean,
	tolerance = DEFAULT_TOLERANCE
): { path: SuffixPath | 'none'; reason: string } {
	if (!kvRestored) return { path: 'none', reason: 'popping the question did not restore the KV length' };
	if (!(contextSignal > 0))
		return { path: 'none', reason: 'the logits do not depend on the context, so no comparison can verify reuse' };
	const bound = Math.min(tolerance, contextSignal / SIGNAL_RATIO);
	for (const p of SUFFIX_PATHS) {
		const d = diffs[p];
		if (d !== undefined && d <= bound) return { path: p, reason: `${p} matches a one-shot prefill (${d.toExponential(1)} ≤ ${bound.toExponential(1)})` };
	}
	const worst = SUFFIX_PATHS.map((p) => `${p} ${diffs[p]?.toExponential(1) ?? 'n/a'}`).join(', ');
	return { path: 'none', reason: `no path matches a one-shot prefill within ${bound.toExponential(1)} (${worst}): full prefill per question` };
}

async function logitsAfter(b: KvBackend, step: () => Promise<number>): Promise<Float32Array> {
	await step();
	const l = b.lastLogits();
	if (!l) throw new Error('the engine exposes no logits');
	return l;
}

export async function runSelfCheck(
	b: KvBackend,
	prompt: SelfCheckPrompt = DEFAULT_CHECK_PROMPT,
	tolerance = DEFAULT_TOLERANCE
): Promise<SelfCheckReport> {
	const t0 = performance.now();
	const splits = prompt.questions.map((q) => splitAtPrefix((t) => b.encode(t), prompt.prefix + q, prompt.prefix));
	const fail = (reason: string, extra: Partial<SelfCheckReport> = {}): SelfCheckReport => ({
		path: 'none', maxAbsDiff: {}, contextSignal: 0, tolerance, kvRestored: false, prefixTokens: 0,
		questionTokens: [], reason, ms: performance.now() - t0, ...extra
	});
	if (!splits[0].ok || !splits[1].ok) return fail('the check prompt does not split at its prefix with this tokenizer');
	const prefixIds = withBos(b.bosIds, splits[0].prefixIds);
	const qs = [splits[0].suffixIds, splits[1].suffixIds];
	return b.withLock(async () => {
		try {
			const oneShot: Float32Array[] = [];
			for (const q of qs) {
				await b.reset();
				oneShot.push(await logitsAfter(b, () => b.forward([...prefixIds, ...q], true)));
			}
			const contextSignal = maxAbsDiff(oneShot[0], oneShot[1]);
			const diffs: Partial<Record<SuffixPath, number>> = {};
			let kvRestored = true;
			for (const path of SUFFIX_PATHS) {
				await b.reset();
				await b.forward(prefixIds, true);
				const P = b.filled();
				let worst = 0;
				for (let i = 0; i < qs.length; i++) {
					const l = await logitsAfter(b, () => feed(b, qs[i], path));
					worst = Math.max(worst, maxAbsDiff(l, oneShot[i]));
					b.truncate(P);
					if (b.filled() !== P) kvRestored = false;
				}
				diffs[path] = worst;
			}
			const choice = choosePath(diffs, contextSignal, kvRestored, tolerance);
			return {
				...choice, maxAbsDiff: diffs, contextSignal, tolerance, kvRestored,
				prefixTokens: prefixIds.length, questionTokens: qs.map((q) => q.length), ms: performance.now() - t0
			};
		} catch (e) {
			return fail(`self-check failed: ${(e as Error).message}`);
		} finally {
			await b.reset();
		}
	});
}
