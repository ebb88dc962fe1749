// One entry point for scoring an answer against its gold, whatever the task: the registry knows which task made
// the gold and scores it by that task's rule. Pure; no I/O.
import type { Gold } from '$lib/types';
import { scoreGold } from '$lib/tasks/registry';

/** Score in 0…1. */
export function scoreAnswer(gold: Gold, prediction: string): number {
	return scoreGold(gold, prediction);
}
