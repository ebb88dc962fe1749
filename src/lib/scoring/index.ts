// One entry point for scoring an answer against its gold, whatever the task. Pure; no I/O.
import type { Gold } from '$lib/types';
import { scoreQa } from './longbench';
import { wordRecall } from './recall';
import { codeScore, databaseScore, needleScore } from './substring';

/** Score in 0…1. */
export function scoreAnswer(gold: Gold, prediction: string): number {
	switch (gold.kind) {
		case 'document':
			return wordRecall(gold.completion, prediction);
		case 'code':
			return codeScore(gold.completion, prediction);
		case 'database':
			return databaseScore(gold.label, gold.description, prediction);
		case 'niah':
			return needleScore(gold.value, prediction);
		case 'qa':
			return scoreQa(gold, prediction);
	}
}
