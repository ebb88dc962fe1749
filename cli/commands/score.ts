// `probe score`: score answers against probes, FILM's way; tasks with their own probe rows (LongBench) score them
// as their registry entry says.
import { readFileSync } from 'node:fs';
import { aggregate, type Aggregate, type ScoredPoint } from '$lib/scoring/aggregate';
import { scoreAnswer } from '$lib/scoring';
import { pairAnswers, parseAnswerLines } from '$lib/scoring/answers';
import type { TaskName } from '$lib/types';
import { parseFlags, required, UsageError } from '../args';
import { parseScoringRow, type ScoringRow } from '../probe-rows';
import { isTaskName, taskSpec, taskSpecs } from '$lib/tasks/registry';
import { parseRunFile } from '$lib/store/export/parse';
import { rescoreRun } from '$lib/runner/rescore';

export const SCORE_USAGE = `usage: probe score --probes FILE --answers FILE [--paper-buckets] [--json] [--qa-cut film|none]
       probe score --run RUN.json [--paper-buckets] [--json]   (a run exported by the app)`;

export interface TaskScore extends Aggregate {
	task: TaskName;
	skipped: number;
}

export function scoreRows(rows: readonly ScoringRow[], answers: readonly (string | null)[], paperBuckets = false): TaskScore[] {
	const tasks = [...new Set(rows.map((r) => r.task))];
	return tasks.map((task) => {
		const points: ScoredPoint[] = [];
		let skipped = 0;
		rows.forEach((r, i) => {
			if (r.task !== task) return;
			const a = answers[i];
			if (r.skip || a === null) skipped++;
			else points.push({ setId: r.setId, positionId: r.positionId, score: scoreAnswer(r.gold, a) });
		});
		return { task, ...aggregate(points, { paperBuckets }), skipped };
	});
}

export async function scoreCommand(argv: string[], log: (s: string) => void, print: (s: string) => void): Promise<number> {
	const own = Object.assign({}, ...taskSpecs().map((t) => t.cli.scoreFile?.flags ?? {}));
	const f = parseFlags(argv, { probes: 'string', answers: 'string', run: 'string', 'paper-buckets': 'bool', json: 'bool', ...own });
	if (f.run !== undefined) return scoreRunFile(f.run as string, Boolean(f['paper-buckets']), Boolean(f.json), print);
	const probesFile = required<string>(f, 'probes');
	const answersFile = required<string>(f, 'answers');
	const probeText = readFileSync(probesFile, 'utf8');
	const answers = parseAnswerLines(readFileSync(answersFile, 'utf8'), answersFile);
	const ownFormat = taskOfFirstRow(probeText);
	if (ownFormat) {
		let scored: { json: object; text: string };
		try {
			scored = ownFormat.score(probeText, probesFile, (ids) => pairAnswers(ids, answers), f);
		} catch (e) {
			// A bad flag value is a usage error; a bad row is the file's.
			if (e instanceof Error && e.message.startsWith('--')) throw new UsageError(e.message);
			throw e;
		}
		print(f.json ? JSON.stringify(scored.json) : scored.text);
		return 0;
	}
	const rows = probeText
		.split('\n')
		.map((l, i) => [l.trim(), i + 1] as const)
		.filter(([l]) => l)
		.map(([l, n]) => {
			let o: unknown;
			try {
				o = JSON.parse(l);
			} catch {
				throw new Error(`${probesFile}:${n}: not valid JSON`);
			}
			return parseScoringRow(o, `${probesFile}:${n}`);
		});
	const scores = scoreRows(rows, pairAnswers(rows.map((r) => r.id), answers), Boolean(f['paper-buckets']));
	if (f.json) for (const s of scores) print(JSON.stringify({ task: s.task, avg: s.avg, gap: s.gap, buckets: s.buckets, scored: s.scored, skipped: s.skipped }));
	else print(scores.map(formatTable).join('\n\n'));
	if (answers.length > rows.length) log(`note: ${answers.length - rows.length} answers beyond the last probe were ignored`);
	return 0;
}

function formatTable(s: TaskScore): string {
	const lines = [`${s.task}: Avg ${s.avg.toFixed(1)}  Gap ${s.gap.toFixed(1)}  (scored ${s.scored}, skipped ${s.skipped})`, 'positions      mean    std     n'];
	for (const b of s.buckets) lines.push(`${`${b.start}-${b.end}`.padEnd(13)}${b.mean.toFixed(1).padStart(6)}${b.std.toFixed(1).padStart(7)}${String(b.n).padStart(6)}`);
	return lines.join('\n');
}

/** The scorer of a probe file whose rows are a task's own format, told by the first row's task. */
function taskOfFirstRow(text: string) {
	const first = text.slice(0, text.indexOf('\n') >>> 0).trim();
	let task: unknown;
	try {
		task = (JSON.parse(first) as { task?: unknown } | null)?.task;
	} catch {
		return undefined;
	}
	return isTaskName(task) ? taskSpec(task).cli.scoreFile : undefined;
}

/** A run file exported by the app: validated (hash included), then scored again from its answers alone. */
async function scoreRunFile(file: string, paperBuckets: boolean, json: boolean, print: (s: string) => void): Promise<number> {
	const parsed = await parseRunFile(readFileSync(file, 'utf8'));
	if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
	const { run, answers } = parsed.value;
	const { results, changed, missing } = rescoreRun(run, answers, { paperBuckets });
	for (const [task, r] of Object.entries(results)) {
		if (!r) continue;
		const s: TaskScore = { task: task as TaskName, ...r, skipped: 0 };
		print(json ? JSON.stringify({ task: s.task, avg: s.avg, gap: s.gap, buckets: s.buckets, scored: s.scored, skipped: s.skipped }) : formatTable(s));
	}
	if (missing > 0) print(json ? JSON.stringify({ missing }) : `${missing} probes of the run have no answer yet`);
	if (changed.length) print(json ? JSON.stringify({ changed: changed.length }) : `${changed.length} answers score differently now than when stored`);
	return 0;
}
