// The perfect-retrieval answer to a FILM probe: find the key in the context and answer from the item that holds
// it. It reads only the prompt, as any engine must; the plans only tell it where items start and which keys each
// context is asked, so keys are counted once per context instead of once per question.
import type { ProbeContext, ProbePlan } from '$lib/types';
import type { FilmItems } from './film-items';
import type { Reference } from './spec';
import { occurrences, occurrencesOfAll } from './ambiguity';
import { filmPromptParts } from './instructions';

interface ContextIndex {
	byPrefix: Map<string, ProbeContext>;
	keysByContext: Map<string, string[]>;
	counts: Map<string, Map<string, number>>;
}

function indexPlans(plans: readonly ProbePlan[]): ContextIndex {
	const index: ContextIndex = { byPrefix: new Map(), keysByContext: new Map(), counts: new Map() };
	for (const p of plans) {
		for (const c of p.contexts) index.byPrefix.set(c.prefix, c);
		for (const probe of p.probes) {
			const keys = index.keysByContext.get(probe.contextId);
			if (keys) keys.push(probe.key);
			else index.keysByContext.set(probe.contextId, [probe.key]);
		}
	}
	return index;
}

function keyCount(task: string, prefix: string, key: string, index: ContextIndex): number {
	const ctx = index.byPrefix.get(prefix);
	if (!ctx) return occurrences(task, prefix, key);
	let counts = index.counts.get(ctx.id);
	if (!counts) {
		const keys = index.keysByContext.get(ctx.id) ?? [];
		const found = occurrencesOfAll(task, prefix, keys);
		index.counts.set(ctx.id, (counts = new Map(keys.map((k, i) => [k, found[i]]))));
	}
	return counts.get(key) ?? occurrences(task, prefix, key);
}

/** The item that holds character `at`, by the context's item boundaries (a binary search). */
function itemAt(prefix: string, at: number, starts: readonly number[]): string {
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (starts[mid] <= at) lo = mid;
		else hi = mid - 1;
	}
	const end = lo + 1 < starts.length ? starts[lo + 1] - 1 : prefix.length;
	return prefix.slice(starts[lo], end);
}

export function filmReference<Row, G>(items: FilmItems<Row, G>, plans: readonly ProbePlan[]): Reference {
	const index = indexPlans(plans);
	return (prompt, knownPrefix) => {
		const parts = filmPromptParts(prompt, knownPrefix);
		const key = parts && items.asks(parts.instruction);
		if (!parts || key === null) return null;
		const { prefix, contextStart } = parts;
		const at = prefix.indexOf(key, contextStart);
		// A missing or repeated key has no right answer: the reference says nothing rather than guess.
		if (at < 0 || keyCount(items.task, prefix, key, index) !== 1) return '';
		const starts = index.byPrefix.get(prefix)?.itemCharOffsets;
		const item = starts?.length ? itemAt(prefix, at, starts) : items.itemAround(prefix, at, contextStart);
		return item === null ? '' : items.answer(item);
	};
}
