// Node side of the LongBench task, called by the `probe` CLI: build probe rows from a LongBench JSONL file
// (streamed from disk, never read whole) and score answers to them.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import {
	importLongbench,
	longbenchPlan,
	toProbeRows,
	scoreProbeRows,
	checkProbeRow,
	LONGBENCH_WRAPS,
	type ImportReport,
	type LongbenchProbeRow,
	type LongbenchSummary,
	type LongbenchWrap
} from '$lib/tasks/longbench';
import type { QaScoreOptions } from '$lib/scoring/longbench';

export type { LongbenchProbeRow, ImportReport, LongbenchSummary };

export interface BuildOptions {
	/** Path of a LongBench JSONL file (one dataset's file, or several concatenated). */
	input: string;
	/** The model's context window in tokens (each prompt gets this minus its dataset's max new tokens). */
	contextTokens: number;
	/** Keep only this dataset (or a comma-separated list). */
	dataset?: string;
	/** Prompt wrapping: default `[INST] … [/INST]`; 'film' = FILM's template; 'plain' = LongBench's prompt alone. */
	wrap?: LongbenchWrap;
	/** At most this many rows per dataset. */
	limit?: number;
}

export async function buildLongbenchProbes(opts: BuildOptions): Promise<{ rows: LongbenchProbeRow[]; report: ImportReport }> {
	if (!Number.isInteger(opts.contextTokens) || opts.contextTokens < 1024)
		throw new Error(`--context must be a whole number of tokens (at least 1024), got ${opts.contextTokens}`);
	if (opts.wrap !== undefined && !LONGBENCH_WRAPS.includes(opts.wrap))
		throw new Error(`--wrap must be one of ${LONGBENCH_WRAPS.join(', ')}, got "${opts.wrap}"`);
	const datasets = opts.dataset ? opts.dataset.split(',').map((d) => d.trim()).filter(Boolean) : undefined;
	const { rows, report } = await importLongbench(createReadStream(opts.input), {
		datasets,
		maxPerDataset: opts.limit,
		sourceName: basename(opts.input)
	});
	const tok = await nodeMistralTokenizer();
	const plan = longbenchPlan(rows, tok, { contextWindow: opts.contextTokens, wrap: opts.wrap });
	return { rows: toProbeRows(plan), report };
}

/** Parse probe rows read back from a JSONL file (validated line by line). */
export function parseLongbenchProbeRows(text: string, file = 'probes'): LongbenchProbeRow[] {
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

/**
 * `{"task":"longbench","datasets":{name:{"score","n"}},"avg"}` for answers paired with rows by index
 * (a null answer is left out, as FILM's evaluate.py does).
 */
export function scoreLongbench(
	rows: readonly LongbenchProbeRow[],
	answers: readonly (string | null)[],
	opts: QaScoreOptions = {}
): LongbenchSummary {
	return scoreProbeRows(rows, answers, opts).summary;
}
