// A plan with the paper's shape but made-up text, for runner tests and benchmarks that need no tokenizer:
// one character is one token, so any engine can count tokens exactly with `.length`.
import type { Probe, ProbeContext, ProbePlan } from '$lib/types';
import { FILM_TASKS, type FilmTaskName } from '$lib/tasks/film-tasks';
import { taskSpec } from '$lib/tasks/registry';

export interface SyntheticPlanOptions {
	task?: FilmTaskName;
	sets?: number;
	/** Items (= positions asked) per set. */
	positions?: number;
	/** Characters (= tokens) of each context prefix. */
	prefixTokens?: number;
	/** Characters (= tokens) of each question suffix. */
	suffixTokens?: number;
	maxNewTokens?: number;
}

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + '.'.repeat(n - s.length));

export function syntheticPlan(o: SyntheticPlanOptions = {}): ProbePlan {
	const task = o.task ?? 'document';
	const sets = o.sets ?? 4;
	const positions = o.positions ?? FILM_TASKS[task].paperItems;
	const spec = taskSpec(task);
	const prefixTokens = o.prefixTokens ?? 32_000;
	const suffixTokens = o.suffixTokens ?? 40;
	const contexts: ProbeContext[] = [];
	const probes: Probe[] = [];
	for (let setId = 0; setId < sets; setId++) {
		const id = `${task}-s${setId}`;
		contexts.push({
			id,
			task,
			setId,
			prefix: pad(`[${id}] `, prefixTokens),
			prefixTokens,
			itemCount: positions,
			itemTokenOffsets: Array.from({ length: positions }, (_, i) => Math.floor((i * prefixTokens) / positions))
		});
		for (let pos = 0; pos < positions; pos++) {
			const key = `${task}:${setId}:${pos}`;
			const gold = spec.syntheticGold(key, setId, pos);
			probes.push({
				id: `${id}-p${pos}`,
				task,
				contextId: id,
				setId,
				positionId: pos,
				suffix: pad(`\n?${key}?`, suffixTokens),
				instruction: `which item holds ${key}?`,
				key,
				gold,
				tokenOffset: Math.floor((pos * prefixTokens) / positions),
				promptTokens: prefixTokens + suffixTokens,
				maxNewTokens: o.maxNewTokens ?? 128
			});
		}
	}
	return { task, taskVersion: 'synthetic-1', options: { sets, positions, seed: 7 }, contexts, probes, redraws: 0 };
}

/** The paper's full shape: 800 / 800 / 750 positions × 4 sets, 12 contexts of ~32K tokens, 9,400 probes. */
export function syntheticPaperPlans(prefixTokens = 32_000): ProbePlan[] {
	return (Object.keys(FILM_TASKS) as FilmTaskName[]).map((task) => syntheticPlan({ task, prefixTokens }));
}
