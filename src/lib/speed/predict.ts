// Predicted wall time of a planned run from measured costs. Pure: rows in, seconds out.
// Per-token costs are interpolated piecewise-linearly in the context length N (attention makes the per-token cost of
// prefill, decode and question steps grow about linearly with N), and extrapolated from the last two rungs beyond the
// ladder — flagged, because a longer ladder is the honest fix.
import type { PathPrediction, Prediction, QuestionPath, RunPlan, SpeedRow } from './types';

/** The full VaL replication: 12 shared 32K contexts, 9,400 questions, answers of ~20 tokens (questions ~40). */
export const VAL_PLAN: RunPlan = { contexts: 12, contextTokens: 32768, questions: 9400, questionTokens: 40, answerTokens: 20 };

type Pt = [number, number];

/** Piecewise-linear y(x) through points sorted by x; linear extrapolation from the end segments, floored at 0+. */
export function interpolate(points: Pt[], x: number): number {
	const p = [...points].filter(([, y]) => Number.isFinite(y)).sort((a, b) => a[0] - b[0]);
	if (!p.length) throw new Error('nothing measured to interpolate from');
	if (p.length === 1) return p[0][1];
	let i = p.findIndex(([px]) => px >= x);
	if (i === -1) i = p.length - 1; // beyond the last point: extend the last segment
	if (i === 0) i = 1; // before the first: extend the first segment
	const [x0, y0] = p[i - 1];
	const [x1, y1] = p[i];
	const y = x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
	// A cost never drops below the cheapest one measured (extrapolating a falling segment could reach zero).
	return Math.max(y, Math.min(...p.map(([, v]) => v)));
}

export function costsAt(rows: SpeedRow[], n: number): Prediction['at'] {
	if (!rows.length) throw new Error('no measured rows');
	return {
		prefillPerTokenS: interpolate(rows.map((r) => [r.n, r.prefillS / r.n]), n),
		decodeStepS: interpolate(rows.map((r) => [r.n, r.decodeS / r.decodeSteps]), n),
		questionChunkPerTokenS: interpolate(rows.map((r) => [r.n, r.questionChunkS / r.questionTokens]), n),
		questionDecodePerTokenS: interpolate(rows.map((r) => [r.n, r.questionDecodeS / r.questionTokens]), n)
	};
}

export function predictRun(rows: SpeedRow[], plan: RunPlan = VAL_PLAN): Prediction {
	const n = plan.contextTokens;
	const at = costsAt(rows, n);
	const full = costsAt(rows, n + plan.questionTokens);
	const context = plan.contexts * n * at.prefillPerTokenS;
	// The first answer token comes with the question's forward; each further one, and the step that meets the stop
	// token, is a decode step: about answerTokens steps per answer.
	const answers = plan.questions * plan.answerTokens * at.decodeStepS;
	const q = plan.questions * plan.questionTokens;
	const paths: PathPrediction[] = [
		{ path: 'chunk', contextPrefillS: context, questionS: q * at.questionChunkPerTokenS, answerS: answers, totalS: 0 },
		{ path: 'decode-steps', contextPrefillS: context, questionS: q * at.questionDecodePerTokenS, answerS: answers, totalS: 0 },
		{
			path: 'full-prefill',
			contextPrefillS: 0,
			questionS: plan.questions * (n + plan.questionTokens) * full.prefillPerTokenS,
			answerS: answers,
			totalS: 0
		}
	].map((p) => ({ ...p, path: p.path as QuestionPath, totalS: p.contextPrefillS + p.questionS + p.answerS }));
	const measuredUpTo = Math.max(...rows.map((r) => r.n));
	return { plan, paths, extrapolated: n + plan.questionTokens > measuredUpTo, measuredUpTo, at };
}

/**
 * The batched path, from a measured batch: its per-question time (question verify + answers decoded B at a time) at
 * `measuredAt` context tokens, scaled to the plan's context by the ratio of decode-step costs there and here (both
 * grow with the attention over the context). Contexts are prefilled once, as on the reuse paths.
 */
export function predictBatched(rows: SpeedRow[], plan: RunPlan, measured: { contextTokens: number; perQuestionS: number }): PathPrediction {
	const scale = costsAt(rows, plan.contextTokens).decodeStepS / costsAt(rows, measured.contextTokens).decodeStepS;
	const contextPrefillS = plan.contexts * plan.contextTokens * costsAt(rows, plan.contextTokens).prefillPerTokenS;
	const perQ = measured.perQuestionS * scale;
	// Question and answer share the batch's forwards: the split is not measured, so all of it counts as answers.
	return { path: 'batched', contextPrefillS, questionS: 0, answerS: plan.questions * perQ, totalS: contextPrefillS + plan.questions * perQ };
}

/** The time a one-at-a-time run of `plan` should take on the chunk path (the speed check compares it with a measured run). */
export function predictChunkRun(rows: SpeedRow[], plan: RunPlan): number {
	return predictRun(rows, plan).paths.find((p) => p.path === 'chunk')!.totalS;
}

/** "18.8 h", "33.6 days", "42 s": a duration at a glance. */
export function formatDuration(s: number): string {
	if (!Number.isFinite(s)) return '–';
	if (s < 120) return `${s.toFixed(s < 10 ? 2 : 0)} s`;
	if (s < 2 * 3600) return `${(s / 60).toFixed(1)} min`;
	if (s < 72 * 3600) return `${(s / 3600).toFixed(1)} h`;
	return `${(s / 86400).toFixed(1)} days`;
}
