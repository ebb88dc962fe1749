// Issue 18, point 2: FILM's published answers scored against the official golds reproduce the paper's Table 1.
// The official files are not available here, so the check runs on a stand-in built in their exact format
// (tests/fixtures/official/make-official.ts); `npm run probe -- paper --official DIR` runs it on the real files.
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { nodePools, POOL_DIR } from '$lib/tasks/node-pools';
import { readLines } from '$lib/tasks/longbench/lines';
import { OFFICIAL_FILES } from '$lib/tasks/official';
import { PAPER_TABLE_1 } from '$lib/charts/paper';
import { officialGoldRow, readOfficialGolds, type OfficialGoldRow } from '$lib/paper/official-golds';
import { OFFICIAL_FILE_NAMES, OFFICIAL_ROWS, PUBLISHED_MODELS, officialTaskOf, parsePublishedAnswers, publishedFile, type ProbeTask } from '$lib/paper/published';
import { reproducedTable, scorePublished, type PaperCurve } from '$lib/paper/reproduce';
import { bucketDeltas } from '$lib/paper/delta';
import { makeOfficialFixture, type OfficialFixture } from '../fixtures/official/make-official';

const TASKS: ProbeTask[] = ['document', 'code', 'database'];
const skipLists = Object.fromEntries(
	TASKS.map((t) => [t, JSON.parse(readFileSync(`${POOL_DIR}skip-lists/${OFFICIAL_FILE_NAMES[t]}_skip_list.json`, 'utf8')) as number[]])
) as Record<ProbeTask, number[]>;

async function* bytes(text: string) {
	const b = new TextEncoder().encode(text);
	for (let i = 0; i < b.length; i += 65536) yield b.subarray(i, i + 65536);
}
const golds = (text: string, task: ProbeTask, name = `${OFFICIAL_FILE_NAMES[task]}.jsonl`) => readOfficialGolds(readLines(bytes(text)), task, skipLists[task], name);

let fixture: OfficialFixture;
const rows: Partial<Record<ProbeTask, OfficialGoldRow[]>> = {};
beforeAll(async () => {
	fixture = makeOfficialFixture(await nodePools(), skipLists);
	for (const t of TASKS) rows[t] = await golds(fixture.official[`${OFFICIAL_FILE_NAMES[t]}.jsonl`], t);
}, 120_000);

function curves(opts: { paperBuckets?: boolean; noSkip?: boolean } = {}): PaperCurve[] {
	return PUBLISHED_MODELS.flatMap((m) =>
		TASKS.map((task) => {
			const path = publishedFile(m, task);
			const answers = parsePublishedAnswers(fixture.answers[path], m, path);
			const r = opts.noSkip ? rows[task]!.map((x) => ({ ...x, skip: false })) : rows[task]!;
			return { model: m.model, task, ...scorePublished(r, answers, { paperBuckets: opts.paperBuckets }) };
		})
	);
}

describe('FILM’s published answers against the official golds', () => {
	it('reproduce the paper’s Table 1 Avg and Gap, per task and over all three, to its one decimal', () => {
		const table = reproducedTable(curves());
		expect(table.map((r) => r.model)).toEqual(['FILM-7B', 'Mistral-7B-Instruct-v0.2', 'GPT-4-Turbo']);
		for (const r of table) {
			const paper = PAPER_TABLE_1.find((p) => p.model === r.model)!;
			for (const c of [...TASKS, 'all'] as const) {
				const cell = r.cells[c]!;
				expect(cell.paper).toEqual(paper[c]);
				expect(cell.matches, `${r.model} ${c}: ${cell.reproduced.avg} / ${cell.reproduced.gap}`).toBe(true);
				expect(Math.round(cell.reproduced.avg * 10) / 10).toBe(paper[c].avg);
				expect(Math.round(cell.reproduced.gap * 10) / 10).toBe(paper[c].gap);
			}
		}
	});
	it('need the paper’s own bucket averaging and FILM’s skip lists to do so', () => {
		const cells = (cs: PaperCurve[]) => reproducedTable(cs).flatMap((r) => TASKS.map((t) => r.cells[t]!.matches));
		expect(cells(curves({ paperBuckets: false })).every(Boolean)).toBe(false);
		const noSkip = reproducedTable(curves({ noSkip: true }));
		// The code file has 313 skipped rows: scoring them moves every model's code figures.
		expect(noSkip.map((r) => r.cells.code!.matches)).toEqual([false, false, false]);
	});
	it('draw curves of 16 / 16 / 15 buckets with a spread over the four sets', () => {
		const film = curves().filter((c) => c.model === 'FILM-7B');
		expect(film.map((c) => c.result.buckets.length)).toEqual([16, 16, 15]);
		expect(film[1].skipped).toBe(313);
		expect(film[1].result.buckets[0]).toMatchObject({ start: 0, end: 48 });
		expect(film.some((c) => c.result.buckets.some((b) => b.std > 0))).toBe(true);
	});
	it('give a run its difference from the paper bucket by bucket, pairing 50- with 49-position buckets', () => {
		const paper = curves().find((c) => c.model === 'FILM-7B' && c.task === 'document')!.result.buckets;
		const run = [
			{ start: 0, end: 49, mean: 100, std: 0, n: 4 },
			{ start: 50, end: 99, mean: 50, std: 0, n: 4 }
		];
		const d = bucketDeltas(run, paper);
		expect(d).toHaveLength(16);
		expect(d[0]).toMatchObject({ start: 0, end: 49, run: 100, paper: paper[0].mean, delta: 100 - paper[0].mean });
		expect(d[1].delta).toBeCloseTo(50 - paper[1].mean, 10);
		expect(d[2]).toMatchObject({ run: null, delta: null, paper: paper[2].mean });
	});
});

describe('the shipped answer files (microsoft/FILM @ 20ed4da)', () => {
	it('hold one answer per official row, in each model’s own format', () => {
		for (const m of PUBLISHED_MODELS)
			for (const t of TASKS) {
				const path = publishedFile(m, t);
				const text = readFileSync(`${POOL_DIR}results/${path}`, 'utf8');
				const answers = parsePublishedAnswers(text, m, path);
				expect(answers, path).toHaveLength(OFFICIAL_ROWS[t]);
				// GPT-4's lines are {"sample": …}: read as FILM's format they are refused, and the other way round.
				const other = PUBLISHED_MODELS.find((x) => x.field !== m.field)!;
				expect(() => parsePublishedAnswers(text, other, path)).toThrow(/:1: expected/);
				expect(answers.filter((a) => a.trim()).length / answers.length).toBeGreaterThan(0.95);
			}
	});
	it('name the official files as the CLI importer does', () => {
		for (const [name, task] of Object.entries(OFFICIAL_FILES)) {
			expect(OFFICIAL_FILE_NAMES[task]).toBe(name);
			expect(officialTaskOf(`/some/dir/${name}.jsonl`)).toBe(task);
		}
		expect(officialTaskOf('document_bi_16k.jsonl')).toBeNull();
	});
});

describe('reading an official file', () => {
	const doc = () => fixture.official['document_bi_32k.jsonl'];
	it('refuses a partial file, saying why it must be whole', async () => {
		const cut = doc().split('\n').slice(0, 100).join('\n');
		await expect(golds(cut, 'document')).rejects.toThrow(/has 100 rows; document_bi_32k.jsonl has 3,200.*line by line/);
	});
	it('refuses a row of another task, an unknown field and broken JSON, naming the line', async () => {
		const lines = doc().split('\n');
		expect(() => officialGoldRow(lines[0], 'code', 'f:1')).toThrow(/f:1: field "completion"|f:1: the prompt does not end in a code probe/);
		const extra = JSON.stringify({ ...JSON.parse(lines[0]), answer: 'x' });
		expect(() => officialGoldRow(extra, 'document', 'f:1')).toThrow(/unknown field "answer"/);
		await expect(golds([lines[0], '{"prompt": ', ...lines.slice(2)].join('\n'), 'document')).rejects.toThrow(/document_bi_32k.jsonl:2: not valid JSON/);
		await expect(golds([lines[0], '', ...lines.slice(1)].join('\n'), 'document')).rejects.toThrow(/:2: an empty line inside the file/);
	});
	it('marks FILM’s skip-listed rows by their index in the file', () => {
		expect(rows.code!.filter((r) => r.skip)).toHaveLength(313);
		expect(rows.database!.flatMap((r, i) => (r.skip ? [i] : []))).toEqual([774, 1126]);
		expect(rows.document!.some((r) => r.skip)).toBe(false);
	});
});
