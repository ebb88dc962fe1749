// State of the runs list: load, rename, delete, import run files.
import type { RunRecord } from '$lib/store/schema';
import type { RunStore } from '$lib/store/run-store';
import { heldRunIds } from '$lib/runner/run-lock';
import { runStatusView, type RunStatusView } from './run-status';

/** A listed run with its count taken from its stored answers and its status as the run page words it. */
export interface ListedRun {
	record: RunRecord;
	done: number;
	status: RunStatusView;
}

/** Counts from the stored answers (the record's own count lags behind by up to 50), status from the run locks. */
export async function listedRuns(store: RunStore, runs: readonly RunRecord[], held: Set<string> | null): Promise<ListedRun[]> {
	return Promise.all(
		runs.map(async (record) => ({
			record,
			done: await store.countAnswers(record.id).catch(() => record.progress.done),
			status: runStatusView(record, { here: false, elsewhere: held ? held.has(record.id) : null })
		}))
	);
}

export class RunsPageState {
	runs = $state.raw<RunRecord[]>([]);
	listed = $state.raw<ListedRun[]>([]);
	/** Runs ticked for the comparison, in the order ticked. */
	selected = $state<string[]>([]);
	problems = $state<string[]>([]);
	message = $state<string | null>(null);
	loading = $state(true);
	#store: RunStore;

	constructor(store: RunStore) {
		this.#store = store;
	}

	async refresh() {
		this.loading = true;
		try {
			const { runs, problems } = await this.#store.listRuns();
			this.listed = await listedRuns(this.#store, runs, await heldRunIds());
			this.runs = runs;
			this.selected = this.selected.filter((id) => runs.some((r) => r.id === id));
			this.problems = problems.map((p) => `${p.key}: ${p.error}`);
		} catch (e) {
			this.message = `Runs could not be read: ${(e as Error).message}`;
		} finally {
			this.loading = false;
		}
	}

	select(id: string, on: boolean) {
		this.selected = on ? [...this.selected.filter((x) => x !== id), id] : this.selected.filter((x) => x !== id);
	}

	async rename(id: string, name: string) {
		try {
			await this.#store.renameRun(id, name);
			await this.refresh();
		} catch (e) {
			this.message = (e as Error).message;
		}
	}

	async remove(id: string) {
		await this.#store.deleteRun(id);
		this.message = 'Run deleted.';
		await this.refresh();
	}

	async importFiles(files: FileList | File[]) {
		const { importRunFile } = await import('$lib/store/export/import');
		const out: string[] = [];
		for (const f of Array.from(files)) {
			const r = await importRunFile(this.#store, await f.text(), { onConflict: 'copy' });
			if (r.status === 'imported') out.push(`${f.name}: imported (${r.answers} answers).`);
			else if (r.status === 'duplicate') out.push(`${f.name}: already here.`);
			else out.push(`${f.name}: ${r.error}`);
		}
		this.message = out.join(' ');
		await this.refresh();
	}
}
