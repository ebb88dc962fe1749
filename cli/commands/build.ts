// `probe build`: write a task's probes as JSONL, whole or not at all.
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import { buildFilmPlan } from '$lib/tasks/film-plan';
import { buildNiahPlan } from '$lib/tasks/niah';
import type { ProbePlan } from '$lib/types';
import { parseFlags, required, UsageError } from '../args';
import { writeLinesAtomic } from '../io';
import { planRows } from '../probe-rows';
import { buildLongbenchProbes } from '../longbench';

export const BUILD_USAGE = `usage: probe build --task document|code|database|niah|longbench --out FILE
       [--sets N (4)] [--context-tokens N (32768)] [--positions N] [--seed S (0)]
       niah: [--lengths 4096,8192,…] [--depths 0,10,…,100]
       longbench: --input FILE.jsonl [--dataset NAME[,NAME]] [--wrap inst|film|plain] [--limit N]`;

export async function buildCommand(argv: string[], log: (s: string) => void): Promise<number> {
	const f = parseFlags(argv, {
		task: 'string',
		out: 'string',
		sets: 'int',
		'context-tokens': 'int',
		positions: 'int',
		seed: 'int',
		items: 'int',
		lengths: 'list',
		depths: 'list',
		input: 'string',
		dataset: 'string',
		wrap: 'string',
		limit: 'int'
	});
	const task = required<string>(f, 'task');
	const out = required<string>(f, 'out');
	if (task === 'longbench') {
		const { rows, report } = await buildLongbenchProbes({
			input: required<string>(f, 'input'),
			contextTokens: (f['context-tokens'] as number | undefined) ?? 32768,
			dataset: f.dataset as string | undefined,
			wrap: f.wrap as never,
			limit: f.limit as number | undefined
		});
		const n = writeLinesAtomic(out, rows.map((r) => JSON.stringify(r)));
		log(`wrote ${n} longbench probes to ${out}; ${JSON.stringify(report)}`);
		return 0;
	}
	const tok = await nodeMistralTokenizer();
	const pools = await nodePools();
	let plan: ProbePlan;
	if (task === 'niah') {
		plan = buildNiahPlan(pools.document, tok, {
			lengths: f.lengths as number[] | undefined,
			depths: f.depths as number[] | undefined,
			sets: f.sets as number | undefined,
			seed: f.seed as number | undefined
		});
	} else if (task === 'document' || task === 'code' || task === 'database') {
		plan = buildFilmPlan(task, pools, tok, {
			sets: f.sets as number | undefined,
			contextTokens: f['context-tokens'] as number | undefined,
			positions: f.positions as number | undefined,
			seed: f.seed as number | undefined,
			items: f.items as number | undefined,
			verify: true
		});
	} else {
		throw new UsageError(`--task must be document, code, database, niah or longbench, got ${JSON.stringify(task)}`);
	}
	const n = writeLinesAtomic(out, planRows(plan));
	const lengths = plan.contexts.map((c) => c.prefixTokens);
	log(
		`wrote ${n} ${task} probes over ${plan.contexts.length} contexts to ${out}; ` +
			`context tokens ${Math.min(...lengths)}–${Math.max(...lengths)}; redrawn items: ${plan.redraws}`
	);
	return 0;
}
