// The import rules of docs/architecture.md, as data, and the checks that hold a graph to them. Each rule says why:
// its message is what a developer reads when an import breaks it.
import type { ImportEdge } from './import-graph';

/** A part of the app, by the folders (or files) it is made of. */
export interface Part {
	name: string;
	paths: readonly string[];
}

export interface ImportRule {
	/** The files the rule binds. */
	from: Part;
	/** What they must not import: project parts, and packages by name (`idb-keyval`). */
	never: { parts?: readonly Part[]; packages?: readonly string[] };
	why: string;
}

const part = (name: string, ...paths: string[]): Part => ({ name, paths });

export const PARTS = {
	scoring: part('scoring', 'src/lib/scoring'),
	charts: part('charts', 'src/lib/charts', 'src/lib/components/charts'),
	engines: part('engines', 'src/lib/engines'),
	tasks: part('tasks', 'src/lib/tasks'),
	tokenize: part('tokenize', 'src/lib/tokenize'),
	runner: part('runner', 'src/lib/runner'),
	store: part('store', 'src/lib/store'),
	convert: part('convert', 'src/lib/convert'),
	util: part('util', 'src/lib/util'),
	ui: part('UI (app/, components/, routes/)', 'src/lib/app', 'src/lib/components', 'src/routes'),
	routes: part('routes', 'src/routes'),
	lib: part('src/lib', 'src/lib'),
	tests: part('tests/', 'tests')
} as const;

const P = PARTS;
const NOT_UTIL = part('module outside util/', 'src', 'tests', 'bench', 'cli', 'rig', 'scripts', 'static');

export const IMPORT_RULES: readonly ImportRule[] = [
	{
		from: P.scoring,
		never: { parts: [P.engines, P.store, P.runner, P.ui], packages: ['idb-keyval'] },
		why: 'a score is a function of the gold and the answer alone: a scorer that knew the engine, the run or the store could score one answer two ways'
	},
	{
		from: P.charts,
		never: { parts: [P.engines, P.store, P.runner], packages: ['idb-keyval'] },
		why: 'charts draw the aggregated values handed to them (store → charts, one way); reaching into an engine or the store would let a chart change what it shows'
	},
	{
		from: P.engines,
		never: { parts: [P.tasks, P.runner, P.store, P.ui] },
		why: 'an engine answers prompts whatever task made them; shared vocabulary lives in $lib/types, so an engine never needs a task, the runner, the store or the UI'
	},
	{
		from: P.runner,
		never: { parts: [P.ui], packages: ['idb-keyval'] },
		why: 'the runner also runs in Node (CLI, bench): it depends on no page or component and makes no IndexedDB call of its own (a sink stores)'
	},
	{
		from: P.store,
		never: { parts: [P.engines, P.ui] },
		why: 'stored records are plain data that read back without an engine or a page (engine types are in $lib/types)'
	},
	{
		from: P.tasks,
		never: { parts: [P.engines, P.runner, P.store, P.ui], packages: ['idb-keyval'] },
		why: 'a task is data plus functions at the start of the flow (task → plan → engine → score); it knows nothing downstream'
	},
	{
		from: P.tokenize,
		never: { parts: [P.tasks, P.engines, P.runner, P.store, P.ui] },
		why: 'the tokenizer adapter serves tasks, engines and the converter alike, so it depends on none of them'
	},
	{
		from: P.convert,
		never: { parts: [P.ui, P.runner] },
		why: 'the converter runs in workers and in Node tests; its page sits above it and drives it'
	},
	{
		from: P.util,
		never: { parts: [NOT_UTIL] },
		why: 'the helpers every part shares depend on nothing, or they would become a way around every other rule'
	},
	{
		from: P.lib,
		never: { parts: [P.routes, P.tests] },
		why: 'routes are the top of the app and tests stand outside it: the library imports neither, so the app ships no test code'
	}
];

/** Whether a repo-relative path lies in a part. */
export function inPart(path: string, p: Part): boolean {
	return p.paths.some((d) => path === d || path.startsWith(`${d}/`));
}

export interface Violation {
	edge: ImportEdge;
	message: string;
}

const where = (e: ImportEdge) => `${e.from}:${e.line} imports "${e.spec}"`;

/** Every edge that breaks a rule, with the rule's reason. */
export function ruleViolations(edges: readonly ImportEdge[], rules: readonly ImportRule[] = IMPORT_RULES): Violation[] {
	const out: Violation[] = [];
	for (const rule of rules)
		for (const e of edges) {
			if (!inPart(e.from, rule.from)) continue;
			const hitPart = e.to !== null ? rule.never.parts?.find((p) => inPart(e.to!, p) && !inPart(e.to!, rule.from)) : undefined;
			const hitPackage = e.to === null ? rule.never.packages?.find((n) => e.spec === n || e.spec.startsWith(`${n}/`)) : undefined;
			const target = hitPart?.name ?? hitPackage;
			if (target) out.push({ edge: e, message: `${where(e)}: ${rule.from.name} imports no ${target}, because ${rule.why}` });
		}
	return out;
}

/**
 * The one edge allowed to close a cycle: `TaskName` and `Gold` are derived from the registered tasks, so adding a
 * task is one folder and one line. It is type-only (erased from every build), and nothing else may cycle.
 */
export const CYCLE_EXEMPT: readonly { from: string; to: string; why: string }[] = [
	{ from: 'src/lib/types.ts', to: 'src/lib/tasks/registry.ts', why: 'TaskName and Gold are read off the registry (type-only)' }
];

/** Import cycles among files (type-only edges included), each as the files around it; exempt edges left out. */
export function importCycles(edges: readonly ImportEdge[], exempt = CYCLE_EXEMPT): string[][] {
	const next = new Map<string, Set<string>>();
	for (const e of edges) {
		if (e.to === null || exempt.some((x) => x.from === e.from && x.to === e.to && e.typeOnly)) continue;
		if (!next.has(e.from)) next.set(e.from, new Set());
		next.get(e.from)!.add(e.to);
	}
	// Tarjan's strongly connected components: every component of more than one file (or a self-import) is a cycle.
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];
	let counter = 0;
	const visit = (v: string) => {
		index.set(v, counter);
		low.set(v, counter++);
		stack.push(v);
		onStack.add(v);
		for (const w of next.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) !== index.get(v)) return;
		const component: string[] = [];
		let w: string;
		do {
			w = stack.pop()!;
			onStack.delete(w);
			component.push(w);
		} while (w !== v);
		if (component.length > 1 || next.get(v)?.has(v)) cycles.push(component.sort());
	};
	for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
	return cycles;
}

/** A type file (`types.ts`, `*-types.ts`) holds vocabulary only: everything it imports is `import type`. */
export function typeFileViolations(edges: readonly ImportEdge[]): Violation[] {
	return edges
		.filter((e) => /(^|\/|-)types\.ts$/.test(e.from) && !e.typeOnly)
		.map((edge) => ({ edge, message: `${where(edge)} as a value: a type file imports types only (\`import type\`), so naming the shared vocabulary never loads code` }));
}

/** Worker entry files stay thin: protocol in, one server call, protocol out — the logic lives in the module they serve. */
export const WORKER_MAX_LINES = 12;

export function workerViolations(files: readonly { path: string; lines: number }[], edges: readonly ImportEdge[]): string[] {
	const out: string[] = [];
	for (const f of files.filter((x) => x.path.endsWith('.worker.ts'))) {
		const own = edges.filter((e) => e.from === f.path && e.to !== null && !e.typeOnly);
		if (f.lines > WORKER_MAX_LINES)
			out.push(`${f.path} has ${f.lines} lines: a worker entry stays within ${WORKER_MAX_LINES} lines, its logic in the module it serves (tested without a worker)`);
		if (own.length > 1)
			out.push(`${f.path} imports ${own.map((e) => `"${e.spec}"`).join(', ')}: a worker entry imports one project module (its server), so the worker's behaviour is that module's`);
	}
	return out;
}

/** Each cycle as the sentence a developer reads. */
export function cycleMessages(edges: readonly ImportEdge[]): string[] {
	return importCycles(edges).map(
		(c) =>
			`import cycle through ${c.join(', ')}: files in a cycle load in an order nobody chose and cannot be read one at a time; move what both need (often types) into a type file`
	);
}
