// The import graph of src/: which file names which, read from the source text itself (no bundler), so the
// architecture test sees the same edges a reader does — static imports, re-exports, dynamic import() and the
// `new URL('./x.worker.ts', import.meta.url)` that starts a worker.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/** One edge: `from` names `spec`, which resolved to `to` (a repo-relative path) or to a package. */
export interface ImportEdge {
	from: string;
	spec: string;
	/** Repo-relative path of the file it names, or null for a package (`d3-scale`, `$app/…`). */
	to: string | null;
	typeOnly: boolean;
	line: number;
}

// `import x from 'm'`, `import type { X } from 'm'`, `export { a } from 'm'`, `export * from 'm'`, `import 'm'`.
// The non-greedy body may span lines (multi-line named imports) but not another statement's semicolon.
const STATIC = /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?([\w*${},\s]*?\bfrom\s*)?['"]([^'"\n]+)['"]/g;
// `import('m')` loads a module, unless it is a type position: `typeof import('m')` or `import('m').Name` (a value
// import is awaited or followed by .then/.catch/.finally, never by a bare name).
const DYNAMIC = /(\btypeof\s+)?\bimport\(\s*['"]([^'"\n]+)['"]\s*\)(\s*\.\s*(?!then\b|catch\b|finally\b)[A-Za-z_$])?/g;
const WORKER_URL = /new\s+URL\(\s*['"]([^'"\n]+\.(?:ts|js))['"]\s*,\s*import\.meta\.url\s*\)/g;

/** The `<script>` blocks of a Svelte file, other text blanked so line numbers stay true. */
export function scriptText(source: string, isSvelte: boolean): string {
	if (!isSvelte) return source;
	const out = source.replace(/[^\n]/g, ' ').split('');
	for (const m of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
		const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
		for (let i = 0; i < m[1].length; i++) out[start + i] = m[1][i];
	}
	return out.join('');
}

/** Comments blanked (strings kept), so an import shown in a comment is no edge. */
export function withoutComments(code: string): string {
	let out = '';
	let i = 0;
	while (i < code.length) {
		const c = code[i];
		const next = code[i + 1];
		if (c === '/' && next === '/') {
			while (i < code.length && code[i] !== '\n') (out += ' '), i++;
		} else if (c === '/' && next === '*') {
			out += '  ';
			i += 2;
			while (i < code.length && !(code[i] === '*' && code[i + 1] === '/')) (out += code[i] === '\n' ? '\n' : ' '), i++;
			out += '  ';
			i += 2;
		} else if (c === '"' || c === "'" || c === '`') {
			const q = c;
			out += c;
			i++;
			while (i < code.length && code[i] !== q) {
				if (code[i] === '\\') (out += code[i]), i++;
				out += code[i] ?? '';
				i++;
			}
			out += code[i] ?? '';
			i++;
		} else (out += c), i++;
	}
	return out;
}

function lineOf(text: string, index: number): number {
	let n = 1;
	for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
	return n;
}

/** Every module specifier a file names, with whether it is type-only and its line. */
export function importSpecifiers(source: string, isSvelte = false): { spec: string; typeOnly: boolean; line: number }[] {
	const code = withoutComments(scriptText(source, isSvelte));
	const found: { spec: string; typeOnly: boolean; line: number }[] = [];
	for (const m of code.matchAll(STATIC)) {
		const at = (m.index ?? 0) + m[0].indexOf(m[1]);
		found.push({ spec: m[4], typeOnly: Boolean(m[2]), line: lineOf(code, at) });
	}
	for (const m of code.matchAll(DYNAMIC)) found.push({ spec: m[2], typeOnly: Boolean(m[1] || m[3]), line: lineOf(code, m.index ?? 0) });
	for (const m of code.matchAll(WORKER_URL)) found.push({ spec: m[1], typeOnly: false, line: lineOf(code, m.index ?? 0) });
	return found;
}

const EXTENSIONS = ['', '.ts', '.svelte.ts', '.js', '.svelte', '/index.ts', '/index.js'];

/** The repo-relative file a specifier names, or null when it names a package. `$lib` is `src/lib`. */
export function resolveSpecifier(root: string, fromFile: string, spec: string): string | null {
	let base: string;
	if (spec === '$lib' || spec.startsWith('$lib/')) base = join(root, 'src/lib', spec.slice('$lib'.length));
	else if (spec.startsWith('.')) base = join(root, dirname(fromFile), spec);
	else return null;
	for (const ext of EXTENSIONS) {
		const p = base + ext;
		if (existsSync(p) && statSync(p).isFile()) return relative(root, p).split(sep).join(posix.sep);
	}
	throw new Error(`${fromFile}: cannot resolve "${spec}" (looked for ${base} with ${EXTENSIONS.filter(Boolean).join(', ')})`);
}

/** Every .ts and .svelte file under a folder, repo-relative with forward slashes. */
export function sourceFiles(root: string, dir: string): string[] {
	const abs = join(root, dir);
	return readdirSync(abs)
		.sort()
		.flatMap((name) => {
			const p = join(abs, name);
			const rel = posix.join(dir, name);
			if (statSync(p).isDirectory()) return sourceFiles(root, rel);
			return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [rel] : [];
		});
}

/** The import graph of every source file under `dir` (repo-relative), edges in file order. */
export function importGraph(root: string, dir = 'src'): ImportEdge[] {
	return sourceFiles(root, dir).flatMap((from) =>
		importSpecifiers(readFileSync(join(root, from), 'utf8'), from.endsWith('.svelte')).map(({ spec, typeOnly, line }) => ({
			from,
			spec,
			to: resolveSpecifier(root, from, spec),
			typeOnly,
			line
		}))
	);
}
