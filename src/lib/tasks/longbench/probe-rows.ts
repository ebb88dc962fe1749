// The common JSONL probe format the CLI writes and reads back (`answer`, `score`): one self-contained prompt
// per line. Rows read back are validated, never trusted.
import type { ProbePlan } from '$lib/types';
import { scoreQa, type QaScoreOptions } from '$lib/scoring/longbench';
import { isLongbenchDataset } from './datasets';
import { summarizeLongbench, type LongbenchSummary } from './summary';
import { isObject, isStringArray } from '$lib/util/guards';

export interface LongbenchProbeRow {
	id: string;
	task: 'longbench';
	dataset: string;
	/** The full prompt, BOS excluded. */
	prompt: string;
	answers: string[];
	all_classes: string[] | null;
	/** Token offset (BOS = 0) of the first gold answer in the prompt, when found verbatim. */
	answer_offset?: number;
	prompt_tokens: number;
	max_new_tokens: number;
	/** Tokens cut from the middle of the document to fit the window. */
	removed_tokens: number;
}

export function toProbeRows(plan: ProbePlan): LongbenchProbeRow[] {
	const prefixes = new Map(plan.contexts.map((c) => [c.id, c.prefix]));
	return plan.probes.map((p) => {
		if (p.gold.kind !== 'qa') throw new Error(`probe ${p.id} is not a LongBench probe`);
		const prefix = prefixes.get(p.contextId);
		if (prefix === undefined) throw new Error(`probe ${p.id} names a missing context ${p.contextId}`);
		return {
			id: p.id,
			task: 'longbench',
			dataset: p.gold.dataset,
			prompt: prefix + p.suffix,
			answers: p.gold.answers,
			all_classes: p.gold.allClasses ?? null,
			...(p.tokenOffset !== null ? { answer_offset: p.tokenOffset } : {}),
			prompt_tokens: p.promptTokens,
			max_new_tokens: p.maxNewTokens,
			removed_tokens: Number(p.meta?.removedTokens ?? 0)
		};
	});
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validate one parsed probe row; `where` (e.g. "line 3") goes into the message. */
export function checkProbeRow(v: unknown, where: string): LongbenchProbeRow {
	const bad = (why: string) => new Error(`LongBench probe row at ${where}: ${why}`);
	if (!isObject(v)) throw bad('not a JSON object');
	const o = v as Record<string, unknown>;
	if (o.task !== 'longbench') throw bad(`task is ${JSON.stringify(o.task)}, not "longbench"`);
	if (typeof o.id !== 'string') throw bad('"id" is not a string');
	if (typeof o.dataset !== 'string' || !isLongbenchDataset(o.dataset)) throw bad(`unknown dataset ${JSON.stringify(o.dataset)}`);
	if (typeof o.prompt !== 'string') throw bad('"prompt" is not a string');
	if (!isStringArray(o.answers) || o.answers.length === 0) throw bad('"answers" is not a non-empty list of strings');
	const allClasses = o.all_classes ?? null;
	if (allClasses !== null && !isStringArray(allClasses)) throw bad('"all_classes" is neither null nor a list of strings');
	if (o.answer_offset !== undefined && !isCount(o.answer_offset)) throw bad('"answer_offset" is not a token offset');
	if (!isCount(o.prompt_tokens) || !isCount(o.max_new_tokens)) throw bad('"prompt_tokens"/"max_new_tokens" are not counts');
	return {
		id: o.id,
		task: 'longbench',
		dataset: o.dataset,
		prompt: o.prompt,
		answers: o.answers,
		all_classes: allClasses,
		...(o.answer_offset !== undefined ? { answer_offset: o.answer_offset as number } : {}),
		prompt_tokens: o.prompt_tokens,
		max_new_tokens: o.max_new_tokens,
		removed_tokens: isCount(o.removed_tokens) ? o.removed_tokens : 0
	};
}

/**
 * Score answers paired with rows by index. A null answer is left out of its dataset's mean, as FILM's
 * evaluate.py leaves out a missing sample.
 */
export function scoreProbeRows(
	rows: readonly LongbenchProbeRow[],
	answers: readonly (string | null)[],
	opts: QaScoreOptions = {}
): { summary: LongbenchSummary; scores: (number | null)[] } {
	if (answers.length !== rows.length)
		throw new Error(`${answers.length} answers for ${rows.length} LongBench rows: pair them line by line`);
	const scores = rows.map((row, i) => {
		const answer = answers[i];
		if (answer === null) return null;
		return scoreQa({ kind: 'qa', dataset: row.dataset, answers: row.answers, allClasses: row.all_classes }, answer, opts);
	});
	const items = rows.flatMap((row, i) => (scores[i] === null ? [] : [{ dataset: row.dataset, score: scores[i] as number }]));
	return { summary: summarizeLongbench(items), scores };
}

/** Probe rows read back from a JSONL file, validated line by line. */
export function parseProbeRows(text: string, file = 'probes'): LongbenchProbeRow[] {
	return text
		.split('\n')
		.map((line, i) => ({ line: line.trim(), n: i + 1 }))
		.filter(({ line }) => line !== '')
		.map(({ line, n }) => {
			let parsed: unknown;
			try {
				parsed = JSON.parse(line);
			} catch {
				throw new Error(`${file}:${n}: not valid JSON`);
			}
			return checkProbeRow(parsed, `${file}:${n}`);
		});
}

/** A summary as a table: one line per dataset, then the average. */
export function formatSummary(s: LongbenchSummary): string {
	const lines = ['dataset            score      n'];
	for (const [name, d] of Object.entries(s.datasets)) lines.push(`${name.padEnd(17)}${d.score.toFixed(2).padStart(7)}${String(d.n).padStart(7)}`);
	lines.push(`${'avg'.padEnd(17)}${s.avg.toFixed(2).padStart(7)}`);
	return lines.join('\n');
}
