// `probe import`: an official VaLProbing-32K file to our probe format, FILM's skip list applied.
import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { POOL_DIR } from '$lib/tasks/node-pools';
import { importOfficial, OFFICIAL_FILES } from '$lib/tasks/official';
import { parseFlags, required, UsageError } from '../args';
import { writeLinesAtomic } from '../io';

export const IMPORT_USAGE = `usage: probe import --file document_bi_32k.jsonl|code_backward_32k.jsonl|database_forward_32k.jsonl --out FILE [--skip-list FILE]`;

export async function importCommand(argv: string[], log: (s: string) => void): Promise<number> {
	const f = parseFlags(argv, { file: 'string', out: 'string', 'skip-list': 'string' });
	const file = required<string>(f, 'file');
	const out = required<string>(f, 'out');
	const name = basename(file).replace(/\.jsonl$/, '');
	if (!OFFICIAL_FILES[name]) throw new UsageError(`--file: ${basename(file)} is not one of ${Object.keys(OFFICIAL_FILES).map((n) => n + '.jsonl').join(', ')}`);
	if (!existsSync(file)) throw new UsageError(`--file: ${file} does not exist`);
	const skipPath = (f['skip-list'] as string | undefined) ?? `${POOL_DIR}skip-lists/${name}_skip_list.json`;
	const skipList = parseSkipList(readFileSync(skipPath, 'utf8'), skipPath);
	const rows = importOfficial(name, readFileSync(file, 'utf8'), skipList, await nodeMistralTokenizer());
	const n = writeLinesAtomic(out, rows.map((r) => JSON.stringify(r)));
	log(`wrote ${n} probes to ${out}; ${rows.filter((r) => r.skip).length} marked skip by ${basename(skipPath)}`);
	return 0;
}

export function parseSkipList(text: string, file: string): number[] {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch {
		throw new Error(`${file}: not valid JSON`);
	}
	if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0)) throw new Error(`${file}: expected a JSON list of row indexes`);
	return v as number[];
}
