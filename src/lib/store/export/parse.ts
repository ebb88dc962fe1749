// Reading a run file back: every field validated, older record versions migrated, the content hash checked.
// Anything else (a FILM probe or answer file, a CSV, a half-written download) is refused with a clear reason.
import type { RunRecord, StoredAnswer } from '../schema';
import { isObject, type Result } from '../check';
import { readRunRecord } from '../migrate';
import { isRunId, validateAnswer } from '../validate';
import { contentHash, RUN_FILE_FORMAT, RUN_FILE_VERSION } from './run-file';

export interface ParsedRun {
	run: RunRecord;
	answers: StoredAnswer[];
	contentHash: string;
	/** Set when the file held an older run record version. */
	migratedFrom?: number;
}

function describeForeign(text: string): string {
	const first = text.trimStart().split('\n', 1)[0] ?? '';
	let line: unknown;
	try {
		line = JSON.parse(first);
	} catch {
		if (/^[^{[\n]*,[^\n]*$/.test(first)) return 'this looks like a CSV file; only run files (.json) can be imported';
		return 'the file is not JSON';
	}
	return describeFilmLine(line) ?? 'the file is not a single JSON document';
}

function describeFilmLine(line: unknown): string | null {
	if (!isObject(line)) return null;
	if (Array.isArray(line.samples) || typeof line.sample === 'string')
		return 'this is a FILM answer file ({"samples": …} lines), not a run file; it holds answers without the probes they answer';
	if ('prompt' in line && 'position_id' in line) return 'this is a FILM probe file (prompt / position_id lines), not a run file';
	return null;
}

const fail = (error: string): Result<ParsedRun> => ({ ok: false, error: `Not imported: ${error}.` });

export async function parseRunFile(text: string): Promise<Result<ParsedRun>> {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return fail(describeForeign(text));
	}
	if (!isObject(raw)) return fail('the file holds JSON but not a run (expected an object)');
	if (raw.format !== RUN_FILE_FORMAT) return fail(describeFilmLine(raw) ?? `the file is not a film-probe run file (no "format": "${RUN_FILE_FORMAT}")`);
	if (typeof raw.fileVersion !== 'number') return fail('the run file has no fileVersion');
	if (raw.fileVersion > RUN_FILE_VERSION)
		return fail(`the run file has version ${raw.fileVersion}, newer than this app reads (${RUN_FILE_VERSION}); update the app`);
	const read = readRunRecord(raw.run);
	if (!read.ok) return fail(read.error);
	const run = read.value.record;
	if (!isRunId(run.id)) return fail(`the run id ${JSON.stringify(run.id)} is not valid`);
	if (!Array.isArray(raw.answers)) return fail('the file has no answers list');
	const tasks = new Set<string>(run.tasks.map((t) => t.task));
	const seen = new Set<string>();
	const answers: StoredAnswer[] = [];
	for (let i = 0; i < raw.answers.length; i++) {
		const v = validateAnswer(raw.answers[i]);
		if (!v.ok) return fail(`answer ${i + 1}: ${v.error.replace(/^answer\./, '')}`);
		const a = v.value;
		if (a.runId !== run.id) return fail(`answer ${i + 1} belongs to run ${a.runId}, not ${run.id}`);
		if (!tasks.has(a.task)) return fail(`answer ${i + 1} is for task ${a.task}, which the run does not have`);
		if (seen.has(a.probeId)) return fail(`probe ${a.probeId} is answered twice`);
		seen.add(a.probeId);
		answers.push(a);
	}
	if (answers.length > run.progress.total) return fail(`the file has ${answers.length} answers for a run of ${run.progress.total} probes`);
	const hash = await contentHash(run, answers);
	// A migrated record no longer hashes as written; its hash can only be checked by the version that wrote it.
	if (!read.value.migratedFrom && typeof raw.contentHash === 'string' && raw.contentHash !== hash)
		return fail('the content hash does not match: the file was changed after it was exported');
	return { ok: true, value: { run, answers, contentHash: hash, ...(read.value.migratedFrom ? { migratedFrom: read.value.migratedFrom } : {}) } };
}
