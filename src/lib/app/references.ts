// Which paper figures are drawn as reference lines: FILM-7B and its base model by default.
import { PAPER_TABLE_1, PROBE_TASKS, type ProbeTask } from '$lib/charts/paper';
import type { ReferenceLine } from '$lib/charts/position';

export const DEFAULT_REFERENCE_MODELS = ['FILM-7B', 'Mistral-7B-Instruct-v0.2'];

export function paperReferences(task: string, models: readonly string[] = DEFAULT_REFERENCE_MODELS): ReferenceLine[] {
	// Only the tasks of the paper's Table 1 have published figures.
	if (!(PROBE_TASKS as readonly string[]).includes(task)) return [];
	return PAPER_TABLE_1.filter((r) => models.includes(r.model)).map((r) => ({ label: `${r.model} (paper)`, value: r[task as ProbeTask].avg }));
}
