// State of the runs list: load, rename, delete, import run files.
import type { RunRecord } from '$lib/store/schema';
import type { RunStore } from '$lib/store/run-store';

export class RunsPageState {
	runs = $state.raw<RunRecord[]>([]);
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
			this.runs = runs;
			this.problems = problems.map((p) => `${p.key}: ${p.error}`);
		} catch (e) {
			this.message = `Runs could not be read: ${(e as Error).message}`;
		} finally {
			this.loading = false;
		}
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
