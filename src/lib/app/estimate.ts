// The estimate shown before a run starts: questions, contexts and tokens counted from the plans the run will
// really use; the time predicted (speed/predict.ts) from measured figures — this browser's speed check, or the
// closest device the project measured, named — and never from assumed speeds; the GPU memory of the model.
import type { ModelSpec } from '$lib/engines/webllm/models';
import { estimateMemory } from '$lib/engines/webllm/fit';
import { formatDuration, predictBatched, predictRun } from '$lib/speed/predict';
import type { RunPlan } from '$lib/speed/types';
import type { WebGpuStatus } from '$lib/webgpu';
import type { PlanShape } from './plan-shape';
import type { RunSettings } from './settings';
import type { SpeedRecord } from './speed-results';
import { isSoftwareAdapter, type SpeedSource } from './speed-source';

export interface RunEstimate {
	/** The plans are still being counted (the figures below are 0 until then). */
	counting: boolean;
	questions: number;
	contexts: number;
	promptTokens: number;
	reusePrefillTokens: number;
	/** Predicted wall time, the range the measurements span; null when unknown or not applicable. */
	time: { lowS: number; highS: number } | null;
	/** Where the time comes from, in words; null for the reference (no model runs). */
	source: string | null;
	/** What kind of figures the time comes from ('none': nothing measured applies). */
	sourceKind: 'browser' | 'known' | 'none' | 'endpoint' | null;
	/** Offer the speed check (this browser's figures are missing). */
	suggestSpeedCheck: boolean;
	/** A plain warning the user should read before starting. */
	warning: string | null;
	gpuBytes: number | null;
	notes: string[];
}

/** The project's own measurement on Chromium's software adapter (README, real-engine check). */
const SOFTWARE_PREFILL = 0.088;

export interface TimePrediction {
	lowS: number;
	highS: number;
	how: string;
	extrapolated: boolean;
	measuredUpTo: number;
}

/**
 * A plan's time from measured records: every context predicted at its own length (prefilled once, its questions
 * on the reuse path the device's self-check chose, or batched where the batch phase was measured and the run
 * batches), summed; the range over the records (and over batches without and with right drafts).
 */
export function predictShape(shape: PlanShape, records: readonly SpeedRecord[], batch: boolean): TimePrediction | null {
	if (!records.length || !shape.contexts.length) return null;
	const batched = batch ? records.filter((r) => r.batch) : [];
	const totals: number[] = [];
	let how = '';
	const plansOf = shape.contexts.map((c): RunPlan => ({ contexts: 1, contextTokens: c.tokens, questions: c.questions, questionTokens: Math.max(1, Math.round(c.questionTokens)), answerTokens: Math.max(1, Math.round(c.answerTokens)) }));
	if (batched.length) {
		for (const r of batched) {
			const b = r.batch!;
			for (const per of [b.perQuestionS.none, b.perQuestionS.right]) {
				if (per === null) continue;
				// Measured with answers of b.answerTokens: longer answers cost about their length in decode steps; shorter
				// ones are not counted cheaper (the question's forward is shared with the answers and not timed apart).
				totals.push(plansOf.reduce((s, p) => s + predictBatched(r.rows, p, { contextTokens: b.contextTokens, perQuestionS: per * Math.max(1, p.answerTokens / b.answerTokens) }).totalS, 0));
			}
		}
		how = `questions batched on forked KV sequences (B = ${batched[0].batch!.B}, as measured; without and with right drafts)`;
	} else {
		for (const r of records) {
			const path = r.reusePath ?? 'decode-steps';
			totals.push(plansOf.reduce((s, p) => s + predictRun(r.rows, p).paths.find((x) => x.path === path)!.totalS, 0));
		}
		const path = records[0].reusePath ?? 'decode-steps';
		how = `one question at a time, each context prefilled once, questions as ${path === 'chunk' ? 'one chunk' : 'decode steps'} (the device's reuse path)${batch ? '; batched answering was not measured there' : ''}`;
	}
	const measuredUpTo = Math.min(...records.map((r) => Math.max(...r.rows.map((x) => x.n))));
	const longest = Math.max(...shape.contexts.map((c) => c.tokens + c.questionTokens));
	return { lowS: Math.min(...totals), highS: Math.max(...totals), how, extrapolated: longest > measuredUpTo, measuredUpTo };
}

export function estimateRun(
	s: RunSettings,
	shape: PlanShape | null,
	o: { model?: ModelSpec | null; speed?: SpeedSource | null; gpu?: WebGpuStatus | null } = {}
): RunEstimate {
	const out: RunEstimate = {
		counting: shape === null,
		questions: shape?.questions ?? 0,
		contexts: shape?.contexts.length ?? 0,
		promptTokens: shape?.promptTokens ?? 0,
		reusePrefillTokens: shape?.reusePrefillTokens ?? 0,
		time: null,
		source: null,
		sourceKind: null,
		suggestSpeedCheck: false,
		warning: null,
		gpuBytes: null,
		notes: []
	};
	if (s.engine.kind === 'oracle') {
		out.notes.push('The perfect-retrieval reference runs no model: it needs no GPU and answers in seconds.');
		return out;
	}
	if (s.engine.kind === 'openai') {
		out.source = 'your endpoint: its speed and rate limits decide, and this app has not measured them';
		out.sourceKind = 'endpoint';
		out.notes.push('A cloud endpoint re-reads the whole prompt for every question (the tokens to read above).');
		return out;
	}
	const gpu = o.gpu ?? null;
	if (gpu && isSoftwareAdapter(gpu))
		out.warning = `This browser's WebGPU adapter is a software renderer (${[gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || 'fallback adapter'}): it runs on the CPU. A 7B model is not practical here — the project measured about ${SOFTWARE_PREFILL} prefill tokens/s on one. Use a GPU, an endpoint, or the reference.`;
	out.gpuBytes = o.model ? (estimateMemory(o.model, s.engine.contextWindow)?.totalBytes ?? null) : null;
	const speed = o.speed ?? { kind: 'none', reason: 'nothing measured yet' };
	if (speed.kind === 'none') {
		out.source = `nothing measured applies — run the speed check (${speed.reason})`;
		out.sourceKind = 'none';
		out.suggestSpeedCheck = true;
		return out;
	}
	out.source = speed.label;
	out.sourceKind = speed.kind;
	out.suggestSpeedCheck = speed.kind === 'known';
	if (!shape) return out;
	const p = predictShape(shape, speed.records, s.engine.batch !== false);
	if (!p) return out;
	out.time = { lowS: p.lowS, highS: p.highS };
	out.notes.push(`Predicted for ${p.how}, with answers of about ${Math.round(shape.answerTokens)} tokens.`);
	if (p.extrapolated)
		out.notes.push(`Extrapolated: this plan's longest context is longer than the longest one measured (${p.measuredUpTo.toLocaleString('en')} tokens).`);
	return out;
}

/** "about 4.1–4.9 h", "about 42 s": a predicted range at a glance (one figure when both ends read the same). */
export function durationRange(lowS: number, highS: number): string {
	const lo = formatDuration(lowS);
	const hi = formatDuration(highS);
	if (lo === hi) return `about ${lo}`;
	const [loN, loU] = lo.split(' ');
	const [hiN, hiU] = hi.split(' ');
	return loU === hiU ? `about ${loN}–${hiN} ${hiU}` : `about ${lo} – ${hi}`;
}
