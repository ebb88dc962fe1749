import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/probe';

let dir: string;
let out: string[] = [];
let err: string[] = [];
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'probe-cli-'));
	vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
	vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterAll(() => {
	vi.restoreAllMocks();
	rmSync(dir, { recursive: true, force: true });
});
async function run(...argv: string[]) {
	out = [];
	err = [];
	const code = await main(argv);
	return { code, stdout: out.join(''), stderr: err.join('') };
}
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('probe build → answer → score', () => {
	it('builds database probes with every documented field and scores the oracle 100/0', async () => {
		const probes = join(dir, 'db.jsonl');
		const answers = join(dir, 'db-answers.jsonl');
		expect((await run('build', '--task', 'database', '--sets', '2', '--context-tokens', '4096', '--out', probes)).code).toBe(0);
		const rows = lines(probes);
		expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'task', 'set_id', 'position_id', 'prompt', 'label', 'description', 'key', 'token_offset', 'prompt_tokens']));
		expect(rows[0].prompt.startsWith('[INST] Below is a context')).toBe(true);
		expect(new Set(rows.map((r) => r.set_id))).toEqual(new Set([0, 1]));
		expect((await run('answer', '--probes', probes, '--engine', 'oracle', '--out', answers)).code).toBe(0);
		const scored = await run('score', '--probes', probes, '--answers', answers, '--json');
		const s = JSON.parse(scored.stdout.trim());
		expect(s).toMatchObject({ task: 'database', avg: 100, gap: 0, scored: rows.length, skipped: 0 });
		expect(Object.keys(s)).toEqual(['task', 'avg', 'gap', 'buckets', 'scored', 'skipped']);
	});

	it('scores FILM-format result files paired by line, and --paper-buckets drops position 49', async () => {
		const probes = join(dir, 'code.jsonl');
		await run('build', '--task', 'code', '--sets', '1', '--context-tokens', '8192', '--out', probes);
		const rows = lines(probes);
		// A FILM results file: "samples" lines in probe order, no ids; right only at odd positions.
		const film = join(dir, 'code-film.jsonl');
		writeFileSync(film, rows.map((r) => JSON.stringify({ samples: [r.position_id % 2 ? r.completion : 'no idea'] })).join('\n'));
		const s = JSON.parse((await run('score', '--probes', probes, '--answers', film, '--json')).stdout);
		expect(s.avg).toBeCloseTo(50, 0);
		const paper = JSON.parse((await run('score', '--probes', probes, '--answers', film, '--json', '--paper-buckets')).stdout);
		expect(paper.buckets[0]).toMatchObject({ start: 0, end: 48 });
		expect(paper.scored).toBeLessThan(s.scored);
		const table = (await run('score', '--probes', probes, '--answers', film)).stdout;
		expect(table).toMatch(/^code: Avg \d+\.\d  Gap \d+\.\d/);
	});
});

describe('official VaLProbing-32K import', () => {
	it('imports rows as they are, marks the skip list, and locates token offsets', async () => {
		const probes = join(dir, 'doc.jsonl');
		await run('build', '--task', 'document', '--sets', '1', '--context-tokens', '4096', '--out', probes);
		const ours = lines(probes);
		// The official shape: prompt (with BOS text), completion, position_id, set_id.
		const official = join(dir, 'document_bi_32k.jsonl');
		writeFileSync(official, ours.map((r) => JSON.stringify({ prompt: '<s>' + r.prompt, completion: r.completion, position_id: r.position_id, set_id: r.set_id })).join('\n') + '\n');
		const skip = join(dir, 'skip.json');
		writeFileSync(skip, JSON.stringify([1, 3]));
		const imported = join(dir, 'imported.jsonl');
		expect((await run('import', '--file', official, '--out', imported, '--skip-list', skip)).code).toBe(0);
		const rows = lines(imported);
		expect(rows).toHaveLength(ours.length);
		expect(rows.filter((r) => r.skip).map((r) => r.official_index)).toEqual([1, 3]);
		rows.forEach((r, i) => {
			expect(r.key).toBe(ours[i].key);
			expect(r.token_offset).toBe(ours[i].token_offset);
			expect(r.prompt_tokens).toBe(ours[i].prompt_tokens);
		});
		const answers = join(dir, 'doc-film.jsonl');
		writeFileSync(answers, ours.map((r) => JSON.stringify({ sample: r.completion })).join('\n'));
		const s = JSON.parse((await run('score', '--probes', imported, '--answers', answers, '--json')).stdout);
		expect(s).toMatchObject({ avg: 100, skipped: 2, scored: ours.length - 2 });
	});
});

describe('bad input', () => {
	it('a truncated import file names the file and line, and writes nothing', async () => {
		const official = join(dir, 'code_backward_32k.jsonl');
		writeFileSync(official, '{"prompt": "x", "completion": "f", "position_id": 0, "set_id": 0}\n{"prompt": "[INST] trunc');
		const target = join(dir, 'never.jsonl');
		const r = await run('import', '--file', official, '--out', target);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/code_backward_32k\.jsonl:1: the prompt does not hold a code probe instruction|code_backward_32k\.jsonl:2: not valid JSON/);
		expect(existsSync(target)).toBe(false);
	});
	it('an unknown field is refused with its name', async () => {
		const official = join(dir, 'database_forward_32k.jsonl');
		writeFileSync(official, JSON.stringify({ prompt: 'p', label: 'l', description: 'd', position_id: 0, set_id: 0, extra: 1 }));
		const r = await run('import', '--file', official, '--out', join(dir, 'x.jsonl'));
		expect(r.stderr).toMatch(/database_forward_32k\.jsonl:1: unknown field "extra"/);
	});
	it('a wrong task, an unknown option or a budget too small names the option', async () => {
		expect((await run('build', '--task', 'poetry', '--out', join(dir, 'y'))).stderr).toMatch(/--task must be/);
		expect((await run('build', '--task', 'code', '--out', join(dir, 'y'), '--colour', 'red')).stderr).toMatch(/unknown option --colour/);
		const small = await run('build', '--task', 'document', '--context-tokens', '150', '--sets', '1', '--out', join(dir, 'y'));
		expect(small.code).toBe(1);
		expect(small.stderr).toMatch(/--context-tokens 150 is too small/);
		expect(existsSync(join(dir, 'y'))).toBe(false);
	});
	it('a malformed answers line names its line', async () => {
		const probes = join(dir, 'db.jsonl');
		const bad = join(dir, 'bad-answers.jsonl');
		writeFileSync(bad, '{"id":"a","samples":["x"]}\n{oops\n{"id":"b","samples":["y"]}\n');
		expect((await run('score', '--probes', probes, '--answers', bad)).stderr).toMatch(/bad-answers\.jsonl:2: not valid JSON/);
	});
	it('ignores the torn last line a killed answer run leaves (no newline at the end)', async () => {
		const probes = join(dir, 'db.jsonl');
		const first = lines(join(dir, 'db-answers.jsonl'))[0];
		const torn = join(dir, 'torn-answers.jsonl');
		writeFileSync(torn, JSON.stringify(first) + '\n{"id":"db-s1-p3","samp');
		const s = JSON.parse((await run('score', '--probes', probes, '--answers', torn, '--json')).stdout);
		expect(s.scored).toBe(1);
	});
});

describe('probe score --run (a run exported by the app)', () => {
	it('scores the run again from its answers alone', async () => {
		const { createRunStore } = await import('$lib/store/run-store');
		const { idbRunSink } = await import('$lib/store/idb-sink');
		const { newRunRecord } = await import('$lib/runner/new-run');
		const { executeRun } = await import('$lib/runner/execute');
		const { appEnvironment } = await import('$lib/runner/app-env');
		const { exportRunJson } = await import('$lib/store/export/run-file');
		const { createOracleEngine } = await import('$lib/engines/oracle');
		const { buildFilmPlan } = await import('$lib/tasks/film-plan');
		const { nodeMistralTokenizer } = await import('$lib/tokenize/node');
		const { nodePools } = await import('$lib/tasks/node-pools');
		const plan = buildFilmPlan('code', await nodePools(), await nodeMistralTokenizer(), { contextTokens: 4096, sets: 2 });
		const { referenceAnswerer } = await import('$lib/tasks/registry');
		const engine = createOracleEngine(referenceAnswerer([plan]));
		const store = createRunStore(`cli-score-${Date.now()}`);
		const record = await newRunRecord({ name: 'oracle', plans: [plan], engine, settings: {}, env: appEnvironment({ appVersion: 't', appCommit: 't', userAgent: 'node' }) });
		await store.putRun(record);
		await executeRun({ runId: record.id, plans: [plan], engine, sink: idbRunSink(store, record.id) });
		const file = join(dir, 'run.json');
		writeFileSync(file, await exportRunJson((await store.getRun(record.id) as { ok: true; record: typeof record }).record, (await store.answers(record.id)).answers));
		const r = await run('score', '--run', file, '--json');
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout.split('\n')[0])).toMatchObject({ task: 'code', avg: 100, gap: 0, scored: plan.probes.length });
		const edited = JSON.parse(readFileSync(file, 'utf8'));
		edited.answers[0].text = 'an answer edited by hand';
		writeFileSync(file, JSON.stringify(edited));
		const tampered = await run('score', '--run', file);
		expect(tampered.code).toBe(1);
		expect(tampered.stderr).toMatch(/run\.json: .*hash does not match/);
	});
});
