// When is a probe ambiguous? When its key occurs more than once in its context (SPEC.md §2).
import type { TaskName } from '$lib/types';

/** Occurrences of `key` in `text`. A Q-id only counts where no digit follows (Q12 is not inside Q123). */
export function occurrences(task: TaskName, text: string, key: string): number {
	let n = 0;
	for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) if (counts(task, text, key, at)) n++;
	return n;
}

function counts(task: TaskName, text: string, key: string, at: number): boolean {
	return !(task === 'database' && /[0-9]/.test(text[at + key.length] ?? ''));
}

/**
 * Occurrences of many keys in one text in a single pass: index the text at every place where a key's first
 * characters appear, then confirm each candidate. Far cheaper than one full scan per key for 800 keys in 130 KB.
 */
export function occurrencesOfAll(task: TaskName, text: string, keys: readonly string[]): number[] {
	if (!keys.length) return [];
	const k = Math.max(1, Math.min(8, ...keys.map((key) => key.length)));
	const starts = new Map<string, number[]>();
	for (const key of keys) starts.set(key.slice(0, k), []);
	for (let i = 0; i + k <= text.length; i++) {
		const list = starts.get(text.slice(i, i + k));
		if (list) list.push(i);
	}
	return keys.map((key) => {
		let n = 0;
		for (const at of starts.get(key.slice(0, k)) ?? []) if (text.startsWith(key, at) && counts(task, text, key, at)) n++;
		return n;
	});
}
