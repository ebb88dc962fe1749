// LongBench rows → a ProbePlan the runner runs like any task. Each row becomes one probe; rows whose prompts
// share everything up to the question (several questions on one document) share one ProbeContext, so an
// engine with prefix reuse prefills that document once.
import type { Probe, ProbeContext, ProbePlan } from '$lib/types';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import { datasetInfo, LONGBENCH_DATASET_NAMES } from './datasets';
import { findAnswer, tokenOffsetAt } from './locate';
import { shapePrompt, type LongbenchWrap } from './prompt';
import type { LongbenchRow } from './row';
import { fitToBudget } from './truncate';

export const LONGBENCH_TASK_VERSION = 'longbench-1';

export interface LongbenchPlanOptions {
	/** The model's window, in tokens; each prompt gets this minus its dataset's max new tokens. Default 32768. */
	contextWindow?: number;
	wrap?: LongbenchWrap;
}

/** One row's prompt, fitted, split and located. */
export interface BuiltPrompt {
	prompt: string;
	/** `prompt` = prefix + suffix; suffix is the question part when the prompt still ends with it, else "". */
	prefix: string;
	suffix: string;
	promptTokens: number;
	removedTokens: number;
	maxNewTokens: number;
	/** Token offset (BOS = 0) of the first gold-answer occurrence in the document part, or null. */
	answerOffset: number | null;
	answerCharIndex: number | null;
}

export function buildPrompt(row: LongbenchRow, tok: TextTokenizer, opts: LongbenchPlanOptions = {}): BuiltPrompt {
	const info = datasetInfo(row.dataset);
	const window = opts.contextWindow ?? 32768;
	const shape = shapePrompt(info, row, opts.wrap ?? 'inst');
	const fitted = fitToBudget(tok, shape.cut, shape.rewrap, window - info.maxNewTokens);
	const { prompt } = fitted;
	// The document lies between the head and the tail wherever truncation left them whole.
	const from = prompt.startsWith(shape.head) ? shape.head.length : 0;
	const tailIntact = prompt.endsWith(shape.tail) && prompt.length - shape.tail.length >= from;
	const to = tailIntact ? prompt.length - shape.tail.length : prompt.length;
	const suffix = tailIntact && shape.tail.length > 0 ? shape.tail : '';
	let answerOffset: number | null = null;
	let answerCharIndex: number | null = null;
	if (info.metric === 'qa-f1') {
		const hit = findAnswer(prompt, row.answers, from, to);
		if (hit) {
			answerCharIndex = hit.index;
			answerOffset = tokenOffsetAt(tok, prompt, hit.index);
		}
	}
	return {
		prompt,
		prefix: prompt.slice(0, prompt.length - suffix.length),
		suffix,
		promptTokens: fitted.promptTokens,
		removedTokens: fitted.removedTokens,
		maxNewTokens: info.maxNewTokens,
		answerOffset,
		answerCharIndex
	};
}

export function probeId(row: LongbenchRow): string {
	return `longbench/${row.dataset}/${row.id}`;
}

/** Collects probes row by row; shared by the synchronous and the yielding builders. */
export function planAccumulator(tok: TextTokenizer, opts: LongbenchPlanOptions = {}) {
	const contexts: ProbeContext[] = [];
	const byPrefix = new Map<string, ProbeContext>();
	const probes: Probe[] = [];
	return {
		add(row: LongbenchRow): void {
			const built = buildPrompt(row, tok, opts);
			let context = byPrefix.get(built.prefix);
			if (!context) {
				context = {
					id: `longbench/ctx${contexts.length}`,
					task: 'longbench',
					setId: LONGBENCH_DATASET_NAMES.indexOf(row.dataset),
					prefix: built.prefix,
					prefixTokens: built.suffix === '' ? built.promptTokens : 1 + tok.encode(built.prefix).length,
					itemCount: 0,
					itemTokenOffsets: []
				};
				byPrefix.set(built.prefix, context);
				contexts.push(context);
			}
			probes.push({
				id: probeId(row),
				task: 'longbench',
				contextId: context.id,
				setId: context.setId,
				positionId: probes.length,
				suffix: built.suffix,
				instruction: row.input,
				key: row.id,
				gold: { kind: 'qa', dataset: row.dataset, answers: row.answers, allClasses: row.allClasses },
				tokenOffset: built.answerOffset,
				promptTokens: built.promptTokens,
				maxNewTokens: built.maxNewTokens,
				meta: {
					dataset: row.dataset,
					removedTokens: built.removedTokens,
					...(row.length !== null ? { length: row.length } : {})
				}
			});
		},
		finish(extra: Record<string, unknown> = {}): ProbePlan {
			return {
				task: 'longbench',
				taskVersion: LONGBENCH_TASK_VERSION,
				options: { contextWindow: opts.contextWindow ?? 32768, wrap: opts.wrap ?? 'inst', ...extra },
				contexts,
				probes,
				redraws: 0
			};
		}
	};
}

/** Build every probe in one go (Node, workers, tests). */
export function longbenchPlan(rows: readonly LongbenchRow[], tok: TextTokenizer, opts: LongbenchPlanOptions = {}): ProbePlan {
	const acc = planAccumulator(tok, opts);
	for (const row of rows) acc.add(row);
	return acc.finish();
}

/**
 * The same plan, built a few rows at a time with a pause between, so a page stays responsive while a full
 * LongBench file (hundreds of 30K-token prompts) is tokenised; reports progress and honours an abort.
 */
export async function longbenchPlanAsync(
	rows: readonly LongbenchRow[],
	tok: TextTokenizer,
	opts: LongbenchPlanOptions & { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}
): Promise<ProbePlan> {
	const acc = planAccumulator(tok, opts);
	for (let i = 0; i < rows.length; i++) {
		if (opts.signal?.aborted) throw new DOMException('LongBench plan building was cancelled', 'AbortError');
		acc.add(rows[i]);
		opts.onProgress?.(i + 1, rows.length);
		await new Promise((resolve) => setTimeout(resolve, 0));
	}
	return acc.finish();
}
