// Node side of the LongBench task, for scripts and tests: build probe rows from a LongBench JSONL file (streamed
// from disk, never read whole) through the task's registry entry, read them back and score answers to them.
import { longbenchTask } from '$lib/tasks/longbench/spec';
import type { LongbenchWrap } from '$lib/tasks/longbench/prompt';
import { parseProbeRows, scoreProbeRows, type LongbenchProbeRow } from '$lib/tasks/longbench/probe-rows';
import type { ImportReport } from '$lib/tasks/longbench/import';
import type { LongbenchSummary } from '$lib/tasks/longbench/summary';
import type { QaScoreOptions } from '$lib/scoring/longbench';
import { nodePlanDeps } from './node-deps';

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

/** What `probe build --task longbench` writes, as rows, with the import report. */
export async function buildLongbenchProbes(opts: BuildOptions): Promise<{ rows: LongbenchProbeRow[]; report: ImportReport }> {
	const options = longbenchTask.cli.options({ input: opts.input, 'context-tokens': opts.contextTokens, dataset: opts.dataset, wrap: opts.wrap, limit: opts.limit });
	const { plan, report } = await longbenchTask.build(options, nodePlanDeps);
	return { rows: [...longbenchTask.cli.rows(plan)] as LongbenchProbeRow[], report: report as ImportReport };
}

/** Parse probe rows read back from a JSONL file (validated line by line). */
export function parseLongbenchProbeRows(text: string, file = 'probes'): LongbenchProbeRow[] {
	return parseProbeRows(text, file);
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
