// When is a probe ambiguous? When its key occurs more than once in its context (SPEC.md §2).
import { FILM_TASKS } from './film-tasks';

/** Whether a key counts only as a whole id for this task (a Q-id such as Q12 is not inside Q123). */
function wholeIds(task: string): boolean {
	return (FILM_TASKS as Record<string, { wholeIdKeys: boolean }>)[task]?.wholeIdKeys ?? false;
}

/** Occurrences of `key` in `text`. A whole-id key only counts where no digit follows. */
export function occurrences(task: string, text: string, key: string): number {
	const whole = wholeIds(task);
	let n = 0;
	for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) if (counts(whole, text, key, at)) n++;
	return n;
}

function counts(whole: boolean, text: string, key: string, at: number): boolean {
	return !(whole && /[0-9]/.test(text[at + key.length] ?? ''));
}

/**
 * Occurrences of many keys in one text in a single pass: index the text at every place where a key's first
 * characters appear, then confirm each candidate. Far cheaper than one full scan per key for 800 keys in 130 KB.
 */
export function occurrencesOfAll(task: string, text: string, keys: readonly string[]): number[] {
	if (!keys.length) return [];
	const whole = wholeIds(task);
	const k = Math.max(1, Math.min(8, ...keys.map((key) => key.length)));
	const starts = new Map<string, number[]>();
	for (const key of keys) starts.set(key.slice(0, k), []);
	for (let i = 0; i + k <= text.length; i++) {
		const list = starts.get(text.slice(i, i + k));
		if (list) list.push(i);
	}
	return keys.map((key) => {
		let n = 0;
		for (const at of starts.get(key.slice(0, k)) ?? []) if (text.startsWith(key, at) && counts(whole, text, key, at)) n++;
		return n;
	});
}
