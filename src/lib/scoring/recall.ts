// Document task (SPEC.md §2): word recall of the gold sentence in the answer, as FILM computes it in Python:
// |set(gold.lower().split()) ∩ set(pred.lower().split())| / |set(gold.lower().split())|, both stripped.

/** Python's str.split() with no argument: split on runs of whitespace, drop empty ends. */
export function pySplit(text: string): string[] {
	const t = text.trim();
	return t ? t.split(/\s+/) : [];
}

export function wordRecall(gold: string, prediction: string): number {
	const goldWords = new Set(pySplit(gold.toLowerCase()));
	if (!goldWords.size) return 0;
	const predWords = new Set(pySplit(prediction.toLowerCase()));
	let hit = 0;
	for (const w of goldWords) if (predWords.has(w)) hit++;
	return hit / goldWords.size;
}
