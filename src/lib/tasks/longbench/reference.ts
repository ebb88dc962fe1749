// The reference on long-document QA: it answers each question with its first gold answer, so a run draws the ideal
// line here too (as on the probes). The prompt is matched exactly against the plan's prompts without building them
// (a LongBench prompt is up to ~100 KB): by length and tail first, then prefix and suffix.
import type { ProbePlan } from '$lib/types';
import type { Reference } from '../spec';

interface Known {
	prefix: string;
	suffix: string;
	answer: string;
}

const TAIL = 256;
const keyOf = (length: number, tail: string) => `${length}:${tail}`;

export function longbenchReference(plans: readonly ProbePlan[]): Reference {
	const known = new Map<string, Known[]>();
	for (const plan of plans) {
		const prefixes = new Map(plan.contexts.map((c) => [c.id, c.prefix]));
		for (const p of plan.probes) {
			const prefix = prefixes.get(p.contextId);
			if (prefix === undefined || p.gold.kind !== 'qa') continue;
			const answer = p.gold.answers.find((a) => a.trim()) ?? '';
			const length = prefix.length + p.suffix.length;
			const tail = (prefix.slice(-TAIL) + p.suffix).slice(-TAIL);
			const key = keyOf(length, tail);
			const list = known.get(key) ?? [];
			list.push({ prefix, suffix: p.suffix, answer });
			known.set(key, list);
		}
	}
	return (prompt) => {
		const list = known.get(keyOf(prompt.length, prompt.slice(-TAIL)));
		const hit = list?.find((k) => prompt.startsWith(k.prefix) && prompt.endsWith(k.suffix));
		return hit ? hit.answer : null;
	};
}
