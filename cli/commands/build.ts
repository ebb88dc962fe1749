// `probe build`: write a task's probes as JSONL, whole or not at all. Which flags a task takes, how they become
// plan options and how its rows look all come from its registry entry.
import { TASK_NAMES, isTaskName, taskSpec, taskSpecs } from '$lib/tasks/registry';
import { parseFlags, required, UsageError, type FlagKind } from '../args';
import { writeLinesAtomic } from '../io';
import { nodePlanDeps } from '../node-deps';

export const BUILD_USAGE = [
	`usage: probe build --task ${TASK_NAMES.join('|')} --out FILE`,
	...taskSpecs().map((s) => `       ${s.name}: ${s.cli.usage}`)
].join('\n');

/** Every task's flags: one task's flag given to another is ignored, as a flag name means the same everywhere. */
function allFlags(): Record<string, FlagKind> {
	return Object.assign({ task: 'string', out: 'string' }, ...taskSpecs().map((s) => s.cli.flags));
}

export async function buildCommand(argv: string[], log: (s: string) => void): Promise<number> {
	const f = parseFlags(argv, allFlags());
	const task = required<string>(f, 'task');
	const out = required<string>(f, 'out');
	if (!isTaskName(task)) throw new UsageError(`--task must be one of ${TASK_NAMES.join(', ')}, got ${JSON.stringify(task)}`);
	const spec = taskSpec(task);
	let options: Record<string, unknown>;
	try {
		options = spec.cli.options(f);
	} catch (e) {
		throw new UsageError(e instanceof Error ? e.message : String(e));
	}
	const { plan, report } = await spec.build(options, nodePlanDeps);
	const n = writeLinesAtomic(out, (function* () {
		for (const row of spec.cli.rows(plan)) yield JSON.stringify(row);
	})());
	const lengths = plan.contexts.map((c) => c.prefixTokens);
	log(
		`wrote ${n} ${task} probes over ${plan.contexts.length} contexts to ${out}; ` +
			`context tokens ${Math.min(...lengths)}–${Math.max(...lengths)}; redrawn items: ${plan.redraws}` +
			(report ? `; ${JSON.stringify(report)}` : '')
	);
	return 0;
}
