// State of the compare page: every stored run to choose from, the chosen ones, and their answers' token offsets.
import type { RunRecord, StoredAnswer } from '$lib/store/schema';
import type { RunStore } from '$lib/store/run-store';
import { DEFAULT_REFERENCE_MODELS } from './references';

export class ComparePageState {
	all = $state.raw<RunRecord[]>([]);
	chosen = $state<string[]>([]);
	paperModels = $state<string[]>([...DEFAULT_REFERENCE_MODELS]);
	answers = $state.raw<Record<string, StoredAnswer[]>>({});
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
		const known = ids.filter((id) => runs.some((r) => r.id === id));
		this.chosen = known.length ? known : runs.filter((r) => r.status === 'complete').slice(0, 3).map((r) => r.id);
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
