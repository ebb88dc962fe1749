// Every task the evaluator knows, registered once. The rest of the app asks this module — never a task by name:
// adding a task is a folder here and one line in TASKS.
import type { Gold, ProbePlan, TaskName } from '$lib/types';
import type { Reference, ResultView, TaskSpec } from './spec';
import { documentTask } from './document/spec';
import { codeTask } from './code/spec';
import { databaseTask } from './database/spec';
import { niahTask } from './niah/spec';
import { longbenchTask } from './longbench/spec';
import { kvTask } from './kv/spec';

/** In the order the task picker lists them and plans run. */
export const TASKS = [documentTask, codeTask, databaseTask, niahTask, longbenchTask, kvTask] as const;

/** One spec, its gold and settings types erased, as generic code handles it. */
export type AnyTaskSpec = TaskSpec<TaskName, Gold, object>;

const SPECS: readonly AnyTaskSpec[] = TASKS as unknown as readonly AnyTaskSpec[];
const BY_NAME = new Map<string, AnyTaskSpec>(SPECS.map((s) => [s.name, s]));
const BY_GOLD = new Map<string, AnyTaskSpec>(SPECS.map((s) => [s.goldKind, s]));

export const TASK_NAMES: readonly TaskName[] = SPECS.map((s) => s.name);

export function taskSpecs(): readonly AnyTaskSpec[] {
	return SPECS;
}

export function isTaskName(name: unknown): name is TaskName {
	return typeof name === 'string' && BY_NAME.has(name);
}

export function taskSpec(name: TaskName | string): AnyTaskSpec {
	const spec = BY_NAME.get(name);
	if (!spec) throw new Error(`unknown task ${JSON.stringify(name)} (known: ${TASK_NAMES.join(', ')})`);
	return spec;
}

/** The task whose gold this is; throws for a gold no registered task makes (validated records never hold one). */
export function specOfGold(gold: { kind: string }): AnyTaskSpec {
	const spec = BY_GOLD.get(gold.kind);
	if (!spec) throw new Error(`no task scores gold of kind ${JSON.stringify(gold.kind)}`);
	return spec;
}

export function isGoldKind(kind: unknown): boolean {
	return typeof kind === 'string' && BY_GOLD.has(kind);
}

export function taskLabel(name: TaskName | string): string {
	return BY_NAME.get(name)?.label ?? name;
}

/** The tasks among `names` whose results are drawn the given way, in registry order. */
export function tasksWithView(names: readonly string[], view: ResultView): TaskName[] {
	return SPECS.filter((s) => s.view === view && names.includes(s.name)).map((s) => s.name);
}

/** Score in 0…1 of one answer, by the rule of the task that made the gold. */
export function scoreGold(gold: Gold, prediction: string): number {
	return specOfGold(gold).score(gold, prediction);
}

/** The gold as one line of text (the answer browser, CSV exports). */
export function goldText(gold: Gold): string {
	return specOfGold(gold).goldText(gold);
}

/**
 * The gold answer as the model would likely write it after the prompt, a speed hint for batched answering (a
 * draft checked in the same forward as the question): with a leading space, since answers follow "[/INST]" and
 * tokenizers mark a word's start with the space before it ("▁Paris"). Any text gives the same answers.
 */
export function expectedAnswer(gold: Gold): string | undefined {
	return specOfGold(gold).expected(gold);
}

/**
 * The perfect-retrieval answerer for a run's plans: each task's reference in turn until one recognises the
 * question; an empty answer when none does. Handed to the reference engine, which knows no tasks.
 */
export function referenceAnswerer(plans: readonly ProbePlan[] = []): (prompt: string, prefix?: string) => string {
	const refs: Reference[] = SPECS.map((s) => s.reference(plans.filter((p) => p.task === s.name)));
	return (prompt, prefix) => {
		for (const ref of refs) {
			const answer = ref(prompt, prefix);
			if (answer !== null) return answer;
		}
		return '';
	};
}
