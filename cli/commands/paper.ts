// `probe paper`: FILM's published answers (static/data/film/results/) scored against the official VaLProbing-32K
// files as FILM's plot.py scores them, printed beside the paper's Table 1. The full check of this project's scoring
// against the paper: it needs the official files (Hugging Face In2Training/VaLProbing-32K), which are not shipped.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POOL_DIR } from '$lib/tasks/node-pools';
import { readLines } from '$lib/tasks/longbench/lines';
import { readOfficialGolds } from '$lib/paper/official-golds';
import { OFFICIAL_FILE_NAMES, PUBLISHED_MODELS, parsePublishedAnswers, publishedFile, type ProbeTask } from '$lib/paper/published';
import { reproducedTable, scorePublished, type PaperCurve, type ReproducedRow } from '$lib/paper/reproduce';
import { parseFlags, required, UsageError } from '../args';
import { parseSkipList } from './import';

export const PAPER_USAGE = `usage: probe paper --official DIR [--results DIR] [--no-paper-buckets] [--json]
       DIR holds document_bi_32k.jsonl, code_backward_32k.jsonl and database_forward_32k.jsonl (Hugging Face
       In2Training/VaLProbing-32K); --results defaults to FILM's published answers under static/data/film/results.
       Exit 0 when every reproduced Avg and Gap equals Table 1 to its one decimal, 1 when one differs.`;

const TASKS: ProbeTask[] = ['document', 'code', 'database'];

export async function paperCommand(argv: string[], log: (s: string) => void, print: (s: string) => void): Promise<number> {
	const f = parseFlags(argv, { official: 'string', results: 'string', 'no-paper-buckets': 'bool', json: 'bool' });
	const dir = required<string>(f, 'official');
	const results = (f.results as string | undefined) ?? join(POOL_DIR, 'results');
	if (!existsSync(dir)) throw new UsageError(`--official: ${dir} does not exist`);
	const present = TASKS.filter((t) => existsSync(join(dir, `${OFFICIAL_FILE_NAMES[t]}.jsonl`)));
	if (!present.length)
		throw new UsageError(`--official: ${dir} holds none of ${TASKS.map((t) => `${OFFICIAL_FILE_NAMES[t]}.jsonl`).join(', ')} (download them from Hugging Face In2Training/VaLProbing-32K)`);
	for (const t of TASKS.filter((x) => !present.includes(x))) log(`note: no ${OFFICIAL_FILE_NAMES[t]}.jsonl in ${dir}: ${t} is left out`);

	const curves: PaperCurve[] = [];
	for (const task of present) {
		const name = `${OFFICIAL_FILE_NAMES[task]}.jsonl`;
		const skipPath = join(POOL_DIR, 'skip-lists', `${OFFICIAL_FILE_NAMES[task]}_skip_list.json`);
		const rows = await readOfficialGolds(readLines(createReadStream(join(dir, name))), task, parseSkipList(readFileSync(skipPath, 'utf8'), skipPath), name);
		for (const m of PUBLISHED_MODELS) {
			const path = join(results, publishedFile(m, task));
			const answers = parsePublishedAnswers(readFileSync(path, 'utf8'), m, path);
			curves.push({ model: m.model, task, ...scorePublished(rows, answers, { paperBuckets: !f['no-paper-buckets'] }) });
		}
	}
	const table = reproducedTable(curves);
	if (f.json) for (const r of table) print(JSON.stringify(r));
	else print(formatTable(table));
	const all = table.flatMap((r) => Object.values(r.cells).map((c) => c!.matches));
	const ok = all.every((m) => m !== false);
	log(ok ? `every reproduced figure equals the paper's Table 1 (${all.length} Avg/Gap pairs)` : `${all.filter((m) => m === false).length} of ${all.length} Avg/Gap pairs differ from the paper's Table 1`);
	return ok ? 0 : 1;
}

function formatTable(table: ReproducedRow[]): string {
	const out = ['model                      task       Avg here (paper)   Gap here (paper)'];
	for (const r of table)
		for (const [task, c] of Object.entries(r.cells)) {
			if (!c) continue;
			const pair = (here: number, paper: number | undefined) => `${here.toFixed(1).padStart(5)} (${paper === undefined ? '  –  ' : paper.toFixed(1).padStart(5)})`;
			out.push(
				`${r.model.padEnd(27)}${task.padEnd(11)}${pair(c.reproduced.avg, c.paper?.avg).padEnd(19)}${pair(c.reproduced.gap, c.paper?.gap).padEnd(17)}${c.matches === null ? '' : c.matches ? '  same' : '  DIFFERS'}`
			);
		}
	return out.join('\n');
}
