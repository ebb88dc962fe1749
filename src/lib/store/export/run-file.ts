// The run file: one run, complete (record + every answer), re-importable, with a content hash for duplicate
// detection and tamper evidence. It never carries an API key: engine settings pass through withoutSecrets again.
import type { RunRecord, StoredAnswer } from '../schema';
import { canonicalJson, sha256Hex } from '../hash';
import { withoutSecrets } from '../secrets';

export const RUN_FILE_FORMAT = 'film-probe-run';
export const RUN_FILE_VERSION = 1;

export interface RunFile {
	format: typeof RUN_FILE_FORMAT;
	fileVersion: typeof RUN_FILE_VERSION;
	exportedAt: string;
	/** SHA-256 of the run's content (see contentHash). */
	contentHash: string;
	run: RunRecord;
	answers: StoredAnswer[];
}

/**
 * What makes two runs the same run: what was asked, of which engine, and every answer. The name, status, progress
 * and derived results are left out, so a renamed copy is still a duplicate.
 */
export function contentHash(run: RunRecord, answers: readonly StoredAnswer[]): Promise<string> {
	const sorted = [...answers].sort((a, b) => (a.probeId < b.probeId ? -1 : a.probeId > b.probeId ? 1 : 0));
	return sha256Hex(
		canonicalJson({ id: run.id, createdAt: run.createdAt, tasks: run.tasks, engine: run.engine, provenance: run.provenance, answers: sorted })
	);
}

export function sanitizeRun(run: RunRecord): RunRecord {
	return { ...run, engine: { ...run.engine, settings: withoutSecrets(run.engine.settings) as RunRecord['engine']['settings'] } };
}

export function answerOrder(run: RunRecord): (a: StoredAnswer, b: StoredAnswer) => number {
	const taskRank = new Map(run.tasks.map((t, i) => [t.task as string, i]));
	return (a, b) => (taskRank.get(a.task) ?? 99) - (taskRank.get(b.task) ?? 99) || a.index - b.index;
}

export async function buildRunFile(run: RunRecord, answers: readonly StoredAnswer[], now = new Date()): Promise<RunFile> {
	const clean = sanitizeRun(run);
	const ordered = [...answers].sort(answerOrder(clean));
	return {
		format: RUN_FILE_FORMAT,
		fileVersion: RUN_FILE_VERSION,
		exportedAt: now.toISOString(),
		contentHash: await contentHash(clean, ordered),
		run: clean,
		answers: ordered
	};
}

export async function exportRunJson(run: RunRecord, answers: readonly StoredAnswer[], now = new Date()): Promise<string> {
	return JSON.stringify(await buildRunFile(run, answers, now), null, 1);
}

export function runFileName(run: RunRecord, ext: string): string {
	const slug = run.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
	return `${slug}-${run.id}.${ext}`;
}
