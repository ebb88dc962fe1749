// Document task (SPEC.md §2): word recall of the gold sentence in the answer, as FILM computes it in Python:
// |set(gold.lower().split()) ∩ set(pred.lower().split())| / |set(gold.lower().split())|, both stripped.
// Words are split by Python's whitespace, not JavaScript's `\s` (py-split.ts): the two disagree on six characters.
import { pySplit } from './py-split';

export function wordRecall(gold: string, prediction: string): number {
	const goldWords = new Set(pySplit(gold.toLowerCase()));
	if (!goldWords.size) return 0;
	const predWords = new Set(pySplit(prediction.toLowerCase()));
	let hit = 0;
	for (const w of goldWords) if (predWords.has(w)) hit++;
	return hit / goldWords.size;
}
