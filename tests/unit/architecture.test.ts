// The architecture, checked: the import graph of src/ (every .ts and .svelte file, read as text) holds the rules of
// docs/architecture.md. A failure names the import and says why the rule exists.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importGraph, importSpecifiers, resolveSpecifier, sourceFiles, type ImportEdge } from '../helpers/import-graph';
import { cycleMessages, IMPORT_RULES, importCycles, ruleViolations, typeFileViolations, workerViolations } from '../helpers/architecture-rules';

const ROOT = process.cwd();
const graph = importGraph(ROOT);
const edge = (from: string, to: string | null, spec = to ?? '', typeOnly = false): ImportEdge => ({ from, to, spec, typeOnly, line: 1 });

describe('reading imports', () => {
	it('finds static, re-exported, dynamic and worker imports, and tells type-only ones', () => {
		const src = [
			"import a from './a';",
			"import type { B } from '$lib/b';",
			'import {',
			'\ttype C,',
			'\td as e',
			"} from '../c';",
			"export * from './f';",
			"export { g } from './g';",
			"import './side-effect';",
			"const h = await import('./h');",
			"type I = import('./i').I;",
			"type J = typeof import('./j');",
			"import('./k').then((m) => m);",
			"new Worker(new URL('./l.worker.ts', import.meta.url), { type: 'module' });",
			"export const notAnImport = 'from \"./m\"';"
		].join('\n');
		expect(importSpecifiers(src).map((s) => [s.spec, s.typeOnly, s.line])).toEqual([
			['./a', false, 1],
			['$lib/b', true, 2],
			['../c', false, 3],
			['./f', false, 7],
			['./g', false, 8],
			['./side-effect', false, 9],
			['./h', false, 10],
			['./i', true, 11],
			['./j', true, 12],
			['./k', false, 13],
			['./l.worker.ts', false, 14]
		]);
	});

	it('skips imports in comments and reads only the scripts of a Svelte file', () => {
		const ts = "// import x from './commented';\n/* import('./block') */\nimport y from './real';";
		expect(importSpecifiers(ts).map((s) => s.spec)).toEqual(['./real']);
		const svelte = "<script lang=\"ts\">\n\timport A from './A.svelte';\n</script>\n<p>import b from './markup'</p>\n<script module>\n\timport { c } from './c';\n</script>";
		expect(importSpecifiers(svelte, true).map((s) => [s.spec, s.line])).toEqual([
			['./A.svelte', 2],
			['./c', 6]
		]);
	});

	it('resolves $lib and relative paths to files, packages to null, and refuses what it cannot find', () => {
		expect(resolveSpecifier(ROOT, 'src/lib/runner/execute.ts', '$lib/types')).toBe('src/lib/types.ts');
		expect(resolveSpecifier(ROOT, 'src/lib/runner/execute.ts', './schedule')).toBe('src/lib/runner/schedule.ts');
		expect(resolveSpecifier(ROOT, 'src/routes/+page.svelte', '$lib/scoring')).toBe('src/lib/scoring/index.ts');
		expect(resolveSpecifier(ROOT, 'src/lib/app/x.ts', 'd3-scale')).toBeNull();
		expect(resolveSpecifier(ROOT, 'src/lib/app/x.ts', '$app/paths')).toBeNull();
		expect(() => resolveSpecifier(ROOT, 'src/lib/app/x.ts', './nowhere')).toThrow(/cannot resolve "\.\/nowhere"/);
	});

	it('sees the whole of src/', () => {
		const files = sourceFiles(ROOT, 'src');
		expect(files.length).toBeGreaterThan(200);
		expect(files).toContain('src/routes/+layout.svelte');
		// Every file with an import statement at the start of a line shows up with at least one edge.
		const importing = files.filter((f) => /^\s*import\b/m.test(readFileSync(join(ROOT, f), 'utf8')));
		const seen = new Set(graph.map((e) => e.from));
		expect(importing.filter((f) => !seen.has(f))).toEqual([]);
		expect(graph.some((e) => e.from === 'src/lib/engines/webllm/start-worker.ts' && e.to === 'src/lib/workers/webllm.worker.ts')).toBe(true);
	});
});

describe('the rules catch what they forbid', () => {
	it('names a planted import that breaks a rule, with the reason', () => {
		const planted = [
			edge('src/lib/scoring/recall.ts', 'src/lib/store/schema.ts', '$lib/store/schema', true),
			edge('src/lib/store/schema.ts', 'src/lib/engines/engine.ts', '$lib/engines/engine', true),
			edge('src/lib/runner/execute.ts', 'src/lib/components/run/RunProgress.svelte'),
			edge('src/lib/runner/execute.ts', null, 'idb-keyval'),
			edge('src/lib/scoring/recall.ts', null, 'idb-keyval'),
			edge('src/lib/engines/oracle.ts', 'src/lib/tasks/registry.ts'),
			edge('src/lib/util/csv.ts', 'src/lib/types.ts', '$lib/types', true),
			edge('src/lib/app/engines.ts', 'tests/fakes/fake-engine.ts', '../../../tests/fakes/fake-engine'),
			edge('src/lib/scoring/recall.ts', 'src/lib/scoring/py-split.ts')
		];
		const found = ruleViolations(planted).map((v) => v.message);
		expect(found).toHaveLength(8);
		expect(found[0]).toMatch(/^src\/lib\/scoring\/recall\.ts:1 imports "\$lib\/store\/schema": scoring imports no store, because a score is/);
		expect(found.join('\n')).toMatch(/engines imports no tasks/);
		expect(found.join('\n')).toMatch(/store imports no engines/);
		expect(found.join('\n')).toMatch(/runner imports no UI/);
		expect(found.join('\n')).toMatch(/scoring imports no idb-keyval/);
		expect(found.join('\n')).toMatch(/runner imports no idb-keyval, because the runner also runs in Node/);
		expect(found.join('\n')).toMatch(/util imports no module outside util/);
		expect(found.join('\n')).toMatch(/src\/lib imports no tests\//);
	});

	it('finds a cycle, type-only edges included, and lets only the exempt edge close one', () => {
		expect(importCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts', 'c', true), edge('c.ts', 'a.ts'), edge('c.ts', 'd.ts')])).toEqual([['a.ts', 'b.ts', 'c.ts']]);
		expect(importCycles([edge('a.ts', 'a.ts')])).toEqual([['a.ts']]);
		const registry = [edge('src/lib/types.ts', 'src/lib/tasks/registry.ts', './tasks/registry', true), edge('src/lib/tasks/registry.ts', 'src/lib/types.ts', '$lib/types', true)];
		expect(importCycles(registry)).toEqual([]);
		registry[0].typeOnly = false;
		expect(importCycles(registry)).toHaveLength(1);
	});

	it('holds type files to type imports and worker entries to one server', () => {
		expect(typeFileViolations([edge('src/lib/speed/types.ts', 'src/lib/speed/predict.ts', './predict')])[0].message).toMatch(/a type file imports types only/);
		expect(typeFileViolations([edge('src/lib/convert/quantize/gpu-types.ts', 'src/lib/types.ts', '$lib/types', true)])).toEqual([]);
		const worker = 'src/lib/workers/x.worker.ts';
		expect(workerViolations([{ path: worker, lines: 40 }], [edge(worker, 'src/lib/a.ts'), edge(worker, 'src/lib/b.ts')])).toHaveLength(2);
		expect(workerViolations([{ path: worker, lines: 4 }], [edge(worker, 'src/lib/a.ts'), edge(worker, null, '@mlc-ai/web-llm')])).toEqual([]);
	});

	it('reads a planted file from disk into the graph and flags it', () => {
		const root = mkdtempSync(join(tmpdir(), 'arch-'));
		try {
			const put = (p: string, text: string) => {
				mkdirSync(dirname(join(root, p)), { recursive: true });
				writeFileSync(join(root, p), text);
			};
			put('src/lib/store/schema.ts', 'export type X = 1;\n');
			put('src/lib/scoring/planted.ts', "// planted\nimport type { X } from '$lib/store/schema';\nexport const x: X = 1;\n");
			const messages = ruleViolations(importGraph(root)).map((v) => v.message);
			expect(messages).toEqual([expect.stringMatching(/^src\/lib\/scoring\/planted\.ts:2 imports "\$lib\/store\/schema": scoring imports no store/)]);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

describe('src/ holds the architecture', () => {
	it.each(IMPORT_RULES.map((r) => [r.from.name, r] as const))('%s keeps to its imports', (_name, rule) => {
		expect(ruleViolations(graph, [rule]).map((v) => v.message)).toEqual([]);
	});

	it('has no import cycle, type-only imports included (one exempt edge: the task names read off the registry)', () => {
		expect(cycleMessages(graph)).toEqual([]);
	});

	it('keeps type files to type imports', () => {
		expect(typeFileViolations(graph).map((v) => v.message)).toEqual([]);
	});

	it('keeps worker entries thin', () => {
		const files = sourceFiles(ROOT, 'src').map((path) => ({ path, lines: readFileSync(join(ROOT, path), 'utf8').trimEnd().split('\n').length }));
		expect(files.filter((f) => f.path.endsWith('.worker.ts')).length).toBeGreaterThanOrEqual(5);
		expect(workerViolations(files, graph)).toEqual([]);
	});
});
