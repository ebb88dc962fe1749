// State of the compare page: every stored run to choose from, the chosen ones, and their answers' token offsets.
import type { RunRecord, StoredAnswer } from '$lib/store/schema';
import type { RunStore } from '$lib/store/run-store';
import { DEFAULT_REFERENCE_MODELS } from './references';
import { defaultComparison } from './compare-default';
import { runStatusView, type RunStatusView } from './run-status';
import { heldRunIds } from '$lib/runner/run-lock';

export class ComparePageState {
	all = $state.raw<RunRecord[]>([]);
	chosen = $state<string[]>([]);
	paperModels = $state<string[]>([...DEFAULT_REFERENCE_MODELS]);
	answers = $state.raw<Record<string, StoredAnswer[]>>({});
	/** Each listed run's status as the run page words it (an interrupted run reads as paused). */
	statuses = $state.raw<Record<string, RunStatusView>>({});
	loading = $state(true);
	#store: RunStore;

	constructor(store: RunStore) {
		this.#store = store;
	}

	runs = $derived(this.chosen.map((id) => this.all.find((r) => r.id === id)).filter((r): r is RunRecord => !!r));

	async load(ids: string[]) {
		this.loading = true;
		const { runs } = await this.#store.listRuns();
		this.all = runs;
		const held = await heldRunIds();
		this.statuses = Object.fromEntries(runs.map((r) => [r.id, runStatusView(r, { here: false, elsewhere: held ? held.has(r.id) : null })]));
		const known = ids.filter((id) => runs.some((r) => r.id === id));
		this.chosen = known.length ? known : defaultComparison(runs);
		await this.#loadAnswers();
		this.loading = false;
	}

	async toggle(id: string, on: boolean) {
		this.chosen = on ? [...new Set([...this.chosen, id])] : this.chosen.filter((x) => x !== id);
		await this.#loadAnswers();
	}

	async #loadAnswers() {
		const next: Record<string, StoredAnswer[]> = {};
		for (const id of this.chosen) next[id] = this.answers[id] ?? (await this.#store.answers(id)).answers;
		this.answers = next;
	}
}
