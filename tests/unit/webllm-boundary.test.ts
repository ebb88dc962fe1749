// One web-llm boundary: only src/lib/engines/webllm/runtime/ may name web-llm's private runtime fields (engine maps,
// pipeline fields, tvmjs internals) and its IndexedDB cache layout. Every code file under src/, cli/, bench/, rig/
// and tests/ is parsed and its identifiers and string literals are checked (comments may mention anything); tests may
// import the boundary's layout constants, app code may not. The fakes of web-llm and the contract suite implement
// the other side of the boundary and are exempt, as is this file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const COVERED = ['src', 'cli', 'bench', 'rig', 'tests'];
const EXEMPT = ['src/lib/engines/webllm/runtime/', 'tests/fakes/', 'tests/contract/', 'tests/unit/webllm-boundary.test.ts'];
const SKIP_DIRS = new Set(['node_modules', 'output', '__snapshots__', '__screenshots__', '.vitest-attachments']);

/** web-llm's and tvmjs's private names: only the boundary may use them, in code or in strings. */
const PRIVATE_NAMES: (string | RegExp)[] = [
	/^loadedModelIdTo/, 'filledKVCacheLength', 'logitsOnCPU', 'bosTokenId', 'stopTokens', 'getTokensEmbeddings', /^fKVCache/,
	'webGPUContext', 'detachFromCurrentScope', 'beginScope', 'endScope', 'getGlobalFunc', 'makeShapeTuple', 'getFunction'
];
/** The boundary's layout constants: tests may import them to read the cache independently; app code may not. */
const LAYOUT_CONSTANTS = ['MODEL_DB', 'CONFIG_DB', 'WASM_DB', 'CACHE_STORE', 'WEBLLM_DATABASES'];
const isTest = (path: string) => path.startsWith('tests/');
/** String literals that spell the cache layout or a TVM builtin. */
const LAYOUT_LITERALS: (string | RegExp)[] = ['webllm/model', 'webllm/config', 'webllm/wasm', 'urls', /^vm\.builtin\./, 'create_tir_paged_kv_cache', '_metadata'];

const matches = (p: string | RegExp, s: string) => (typeof p === 'string' ? p === s : p.test(s));
const word = (p: string | RegExp) => (typeof p === 'string' ? new RegExp(`\\b${p}\\b`) : new RegExp(`\\b${p.source.replace(/^\^/, '')}`));

/** Identifiers and string-literal texts of TypeScript code; comments are trivia and never seen. */
function codeTokens(code: string, fileName: string): { identifiers: string[]; strings: string[]; used: string[] } {
	const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
	const identifiers: string[] = [];
	const strings: string[] = [];
	/** Identifiers outside re-exports (`export { X } from '…'` passes a name on without using it). */
	const used: string[] = [];
	const visit = (n: ts.Node, reexport = false) => {
		if (ts.isExportDeclaration(n) && n.moduleSpecifier) reexport = true;
		if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) {
			identifiers.push(n.text);
			if (!reexport) used.push(n.text);
		}
		else if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) strings.push(n.text);
		n.forEachChild((c) => visit(c, reexport));
	};
	visit(sf);
	return { identifiers, strings, used };
}

/** What a file names that only the boundary may. */
export function violations(path: string, text: string): string[] {
	const out: string[] = [];
	const scripts = path.endsWith('.svelte') ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]) : [text];
	if (/\.(ts|js|mjs|cjs|svelte)$/.test(path)) {
		for (const code of scripts) {
			const { identifiers, strings, used } = codeTokens(code, path);
			for (const id of identifiers) if (PRIVATE_NAMES.some((p) => matches(p, id))) out.push(`names ${id}`);
			if (!isTest(path)) for (const id of used) if (LAYOUT_CONSTANTS.includes(id)) out.push(`uses the cache layout (${id})`);
			for (const s of strings) {
				if (LAYOUT_LITERALS.some((p) => matches(p, s))) out.push(`spells "${s}"`);
				else if (PRIVATE_NAMES.some((p) => word(p).test(s))) out.push(`names a private field in "${s}"`);
			}
		}
	} else {
		// Other languages (shell, Python, HTML): the names anywhere, the layout as quoted strings.
		for (const p of PRIVATE_NAMES) if (word(p).test(text)) out.push(`names ${String(p)}`);
		for (const p of LAYOUT_LITERALS) {
			const body = typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.source.replace(/^\^/, '') + '[^\'"`]*';
			if (new RegExp(`['"\`]${body}['"\`]`).test(text)) out.push(`spells ${String(p)}`);
		}
	}
	return out;
}

function codeFiles(): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			if (e.isDirectory()) {
				if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name));
			} else if (/\.(ts|js|mjs|cjs|svelte|py|sh|html)$/.test(e.name)) out.push(relative(ROOT, join(dir, e.name)));
		}
	};
	for (const d of COVERED) walk(join(ROOT, d));
	return out;
}

describe('the web-llm boundary', () => {
	it('is the only code that names web-llm private fields or its cache layout', () => {
		const files = codeFiles().filter((f) => !EXEMPT.some((e) => f === e || f.startsWith(e)));
		expect(files.length).toBeGreaterThan(200);
		const found = files.flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8')).map((v) => `${f}: ${v}`));
		expect(found).toEqual([]);
	});

	it('the scan sees names in code and strings, not in comments, and not as parts of other words', () => {
		expect(violations('a.ts', 'const n = (engine as any).loadedModelIdToPipeline; // fine here: loadedModelIdToLock')).toEqual(['names loadedModelIdToPipeline']);
		expect(violations('a.ts', "/* pipe.filledKVCacheLength */ indexedDB.open('webllm/model'); x.objectStore(`urls`)")).toEqual(['spells "webllm/model"', 'spells "urls"']);
		expect(violations('a.ts', "import { m } from '$lib/engines/webllm/models'; const fKV = 1; expect(r).toEqual(['engine.loadedModelIdToPipeline'])")).toEqual(['names a private field in "engine.loadedModelIdToPipeline"']);
		expect(violations('a.ts', 'const f = tvm.getGlobalFunc(`vm.builtin.kv_state_popn`);')).toEqual(['names getGlobalFunc', 'spells "vm.builtin.kv_state_popn"']);
		expect(violations('A.svelte', "<script lang=\"ts\">const p = x.logitsOnCPU;</script><p>logitsOnCPU in markup</p>")).toEqual(['names logitsOnCPU']);
		expect(violations('src/lib/x.ts', "import { MODEL_DB } from './runtime'; open(MODEL_DB);")).toEqual(['uses the cache layout (MODEL_DB)', 'uses the cache layout (MODEL_DB)']);
		expect(violations('src/lib/x.ts', "export { MODEL_DB } from './runtime';")).toEqual([]);
		expect(violations('tests/unit/x.test.ts', "import { MODEL_DB } from '$lib/engines/webllm/runtime'; read(MODEL_DB);")).toEqual([]);
		expect(violations('s.py', "db = open_db('webllm/wasm')  # webllm/model in a comment")).toEqual(['spells webllm/wasm']);
	});
});
