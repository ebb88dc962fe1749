// CSV exports: one row per answer, or one row per bucket (RFC 4180, util/csv.ts); a UTF-8 text the caller may
// prefix with a BOM for spreadsheet programs that need one.
import { goldText } from '$lib/tasks/registry';
import { toCsv, type CsvValue } from '$lib/util/csv';
import type { RunRecord, StoredAnswer } from '../schema';
import { answerOrder } from './run-file';

export const ANSWER_COLUMNS = [
	'run_id', 'task', 'set_id', 'position_id', 'probe_index', 'probe_id', 'token_offset', 'score', 'answer', 'gold',
	'prompt_tokens', 'completion_tokens', 'ttft_ms', 'total_ms', 'path', 'answered_at'
] as const;

export function answersCsv(run: RunRecord, answers: readonly StoredAnswer[]): string {
	const rows = [...answers].sort(answerOrder(run)).map((a) => [
		run.id, a.task, a.setId, a.positionId, a.index, a.probeId, a.tokenOffset, a.score, a.text, goldText(a.gold),
		a.usage?.promptTokens, a.usage?.completionTokens, a.timings?.ttftMs, a.timings?.totalMs, a.path, a.at
	]);
	return toCsv(ANSWER_COLUMNS, rows);
}

export const BUCKET_COLUMNS = ['run_id', 'run_name', 'model_id', 'task', 'bucket_start', 'bucket_end', 'mean', 'std', 'n', 'task_avg', 'task_gap'] as const;

/** One row per bucket of every task with results (scores 0–100). */
export function bucketsCsv(run: RunRecord): string {
	const rows: CsvValue[][] = [];
	for (const t of run.tasks) {
		const r = run.results[t.task];
		if (!r) continue;
		for (const b of r.buckets) rows.push([run.id, run.name, run.provenance.modelId, t.task, b.start, b.end, b.mean, b.std, b.n, r.avg, r.gap]);
	}
	return toCsv(BUCKET_COLUMNS, rows);
}
