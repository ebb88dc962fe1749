// The paper's curves as a page sees them: which official golds are kept, the curves scored from them, and the
// import in progress. One instance per page (created by the page or its results component).
import type { PaperCurve } from '$lib/paper/reproduce';
import type { ProbeTask } from '$lib/paper/published';
import { forgetOfficialGolds, importOfficialFiles, loadPaperCurves, type PaperDeps, type StoredGolds } from './paper-curves';

export class PaperCurvesState {
	stored = $state.raw<StoredGolds[]>([]);
	curves = $state.raw<PaperCurve[]>([]);
	loading = $state(false);
	importing = $state(false);
	message = $state<string | null>(null);
	problems = $state.raw<string[]>([]);
	#deps: PaperDeps;

	constructor(deps: PaperDeps = {}) {
		this.#deps = deps;
	}

	curvesFor(task: string): PaperCurve[] {
		return this.curves.filter((c) => c.task === task);
	}

	async load(): Promise<void> {
		this.loading = true;
		try {
			const got = await loadPaperCurves(this.#deps);
			this.stored = got.stored;
			this.curves = got.curves;
			this.problems = got.problems;
		} catch (e) {
			this.problems = [`The paper's curves could not be loaded: ${(e as Error).message}`];
		} finally {
			this.loading = false;
		}
	}

	async importFiles(files: readonly File[]): Promise<void> {
		if (!files.length || this.importing) return;
		this.importing = true;
		this.message = null;
		try {
			const { imported, errors } = await importOfficialFiles(files, this.#deps);
			const done = imported.map((g) => `${g.file}: ${g.rows.toLocaleString('en')} rows kept (${g.skipped} skipped as FILM does).`);
			this.message = [...done, ...errors].join(' ');
			if (imported.length) await this.load();
		} finally {
			this.importing = false;
		}
	}

	async forget(task: ProbeTask): Promise<void> {
		await forgetOfficialGolds(task, this.#deps);
		await this.load();
	}
}
