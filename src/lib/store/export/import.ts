// Importing a run file into the store. Nothing is written unless the whole file is valid; a file already in the
// store (same run id and content hash) is recognised as a duplicate and not written again.
import type { RunRecord, StoredAnswer } from '../schema';
import type { RunStore } from '../run-store';
import { newRunId } from '../ids';
import { contentHash } from './run-file';
import { parseRunFile } from './parse';

export type ImportResult =
	| { status: 'imported'; id: string; answers: number; migratedFrom?: number }
	| { status: 'duplicate'; id: string }
	| { status: 'error'; error: string };

export interface ImportOptions {
	/** Same run id, different content: refuse (default), or store the file as a new run beside the old one. */
	onConflict?: 'refuse' | 'copy';
}

export async function importRunFile(store: RunStore, text: string, opts: ImportOptions = {}): Promise<ImportResult> {
	const parsed = await parseRunFile(text);
	if (!parsed.ok) return { status: 'error', error: parsed.error };
	let { run, answers } = parsed.value;
	const existing = await store.getRun(run.id);
	if (existing) {
		if (existing.ok) {
			const stored = await store.answers(run.id);
			if ((await contentHash(existing.record, stored.answers)) === parsed.value.contentHash) return { status: 'duplicate', id: run.id };
		}
		if ((opts.onConflict ?? 'refuse') === 'refuse')
			return {
				status: 'error',
				error: `Not imported: a different run with id ${run.id} is already stored (import it as a copy to keep both).`
			};
		({ run, answers } = asCopy(run, answers));
	}
	// An imported run is never "running": nothing is running it here.
	if (run.status === 'running') run = { ...run, status: 'paused', pause: { reason: 'user', message: 'Imported while it was running.', at: run.updatedAt } };
	await store.putRunWithAnswers(run, answers);
	return { status: 'imported', id: run.id, answers: answers.length, ...(parsed.value.migratedFrom ? { migratedFrom: parsed.value.migratedFrom } : {}) };
}

function asCopy(run: RunRecord, answers: StoredAnswer[]): { run: RunRecord; answers: StoredAnswer[] } {
	const id = newRunId();
	return { run: { ...run, id, name: `${run.name} (imported copy)` }, answers: answers.map((a) => ({ ...a, runId: id })) };
}
