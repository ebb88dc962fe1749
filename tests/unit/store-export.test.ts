import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RUN_SCHEMA_VERSION } from '$lib/store/schema';
import { createRunStore } from '$lib/store/run-store';
import { idbRunSink } from '$lib/store/idb-sink';
import { newRunRecord } from '$lib/runner/new-run';
import { createFakeEngine } from '../fakes/fake-engine';
import { syntheticPlan } from '../helpers/synthetic-plan';
import { executeRun } from '$lib/runner/execute';
import { createRunControl } from '$lib/runner/control';
import { appEnvironment } from '$lib/runner/app-env';
import { exportRunJson, runFileName } from '$lib/store/export/run-file';
import { parseRunFile } from '$lib/store/export/parse';
import { importRunFile } from '$lib/store/export/import';
import { answersCsv, bucketsCsv } from '$lib/store/export/csv';
import { csvField, toCsv } from '$lib/util/csv';
import { filmAnswerFiles, filmSampleLine } from '$lib/store/export/film';
import v1 from '../fixtures/runs/v1-run.json';

let n = 0;
const db = () => `export-${Date.now()}-${n++}`;
const plans = () => [
	syntheticPlan({ task: 'code', sets: 2, positions: 60, prefixTokens: 200, suffixTokens: 30 }),
	syntheticPlan({ task: 'database', sets: 2, positions: 55, prefixTokens: 200, suffixTokens: 30 })
];

/** Answers with quotes, commas, newlines and non-ASCII, so every quoting rule is exercised. */
const tricky = (prompt: string) => {
	const key = /\?([\w:]+)\?/.exec(prompt.slice(-40))?.[1] ?? '?';
	const [task, set, pos] = key.split(':');
	if (task === 'code') return Number(pos) % 3 ? `It is "fn_${set}_${pos}", I think` : 'no, sorry\nnext line';
	return Number(pos) % 2 ? `label ${key} — naïve, “quoted” 🦙` : 'nothing';
};

async function completedRun(pauseAt?: number) {
	const store = createRunStore(db());
	const record = await newRunRecord({
		name: 'Export me, "please"',
		plans: plans(),
		engine: createFakeEngine({ prefixReuse: true }),
		settings: { endpoint: 'https://api.example.com/v1', apiKey: 'sk-abcdefghijklmnopqrstuv', temperature: 0 },
		env: appEnvironment({ appVersion: '1.2.3', appCommit: 'c0ffee0', userAgent: 'UA' })
	});
	await store.putRun(record);
	const control = createRunControl();
	const engine = createFakeEngine({ prefixReuse: true, answer: tricky, beforeAnswer: (c) => c === pauseAt && control.pause() });
	await executeRun({ runId: record.id, plans: plans(), engine, sink: idbRunSink(store, record.id), signal: control.signal });
	const got = await store.getRun(record.id);
	if (!got?.ok) throw new Error('run missing');
	return { store, record: got.record, answers: (await store.answers(record.id)).answers };
}

describe('run file (JSON)', () => {
	it('round-trips through export, parse and import into another store', async () => {
		const { record, answers } = await completedRun();
		const text = await exportRunJson(record, answers);
		expect(text).not.toContain('sk-abcdefghijklmnopqrstuv');
		expect(text).not.toContain('apiKey');
		const parsed = await parseRunFile(text);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.value.answers).toHaveLength(230);
		expect(parsed.value.run).toEqual(record);

		const other = createRunStore(db());
		expect(await importRunFile(other, text)).toEqual({ status: 'imported', id: record.id, answers: 230 });
		const back = await other.answers(record.id);
		const byId = (xs: typeof answers) => [...xs].sort((a, b) => a.probeId.localeCompare(b.probeId));
		expect(byId(back.answers)).toEqual(byId(answers));
		expect(await other.getRun(record.id)).toEqual({ ok: true, record });
		expect(runFileName(record, 'json')).toBe(`export-me-please-${record.id}.json`);
	});

	it('recognises a duplicate by run id and content, even renamed; refuses or copies a conflicting one', async () => {
		const { store, record, answers } = await completedRun();
		const text = await exportRunJson(record, answers);
		expect(await importRunFile(store, text)).toEqual({ status: 'duplicate', id: record.id });
		await store.renameRun(record.id, 'new name');
		expect(await importRunFile(store, text)).toEqual({ status: 'duplicate', id: record.id });

		const changed = await exportRunJson(record, answers.slice(1));
		const refused = await importRunFile(store, changed);
		expect(refused).toEqual({ status: 'error', error: expect.stringContaining('a different run with id') });
		expect(await store.countAnswers(record.id)).toBe(230);
		const copied = await importRunFile(store, changed, { onConflict: 'copy' });
		expect(copied).toMatchObject({ status: 'imported', answers: 229 });
		expect(copied.status === 'imported' && copied.id).not.toBe(record.id);
		expect((await store.listRuns()).runs).toHaveLength(2);
	});

	it('imports a paused run as resumable', async () => {
		const { record, answers } = await completedRun(100);
		expect(record.status).toBe('paused');
		const other = createRunStore(db());
		await importRunFile(other, await exportRunJson(record, answers));
		expect((await other.unfinishedRuns()).runs.map((r) => [r.id, r.progress.done])).toEqual([[record.id, 100]]);
	});

	it('reads a run file holding a v1 record', async () => {
		const file = JSON.stringify({ format: 'film-probe-run', fileVersion: 1, exportedAt: '2026-11-02T10:00:00Z', contentHash: 'x', run: v1, answers: [] });
		const parsed = await parseRunFile(file);
		expect(parsed.ok && parsed.value.migratedFrom).toBe(1);
		expect(parsed.ok && parsed.value.run.provenance.appVersion).toBe('0.0.3');
	});

	it('refuses malformed and foreign files with a clear reason, importing nothing', async () => {
		const { record, answers } = await completedRun();
		const good = JSON.parse(await exportRunJson(record, answers));
		const edited = structuredClone(good);
		edited.answers[3].text = 'a better answer';
		const badAnswer = structuredClone(good);
		badAnswer.answers[7].score = 3;
		const twice = structuredClone(good);
		twice.answers[1] = twice.answers[0];
		const foreignRun = structuredClone(good);
		foreignRun.answers[2].runId = 'someone-else';
		const cases: [string, RegExp][] = [
			['', /not JSON/],
			['{"format": "film-probe-run", "fileVersion": 1, "run": {', /not JSON/],
			['{"samples": ["def foo"]}\n{"samples": ["bar"]}\n', /FILM answer file/],
			['{"prompt": "[INST] …", "completion": "x", "position_id": 0, "set_id": 0}\n', /FILM probe file/],
			['run_id,task,score\nr1,code,1\n', /CSV/],
			['[1, 2, 3]', /expected an object/],
			['{"hello": "world"}', /not a film-probe run file/],
			[JSON.stringify({ ...good, fileVersion: 7 }), /version 7, newer/],
			[JSON.stringify({ ...good, run: { ...good.run, schemaVersion: RUN_SCHEMA_VERSION + 1 } }), new RegExp(`schema version ${RUN_SCHEMA_VERSION + 1}, newer`)],
			[JSON.stringify({ ...good, run: { ...good.run, provenance: { ...good.run.provenance, prefixReuse: 'yes' } } }), /run\.provenance\.prefixReuse should be true or false/],
			[JSON.stringify(edited), /content hash does not match/],
			[JSON.stringify(badAnswer), /answer 8: score should lie in 0…1/],
			[JSON.stringify(twice), /answered twice/],
			[JSON.stringify(foreignRun), /answer 3 belongs to run someone-else/],
			[JSON.stringify({ ...good, answers: undefined }), /no answers list/]
		];
		const store = createRunStore(db());
		for (const [text, why] of cases) {
			const r = await importRunFile(store, text);
			expect(r.status, text.slice(0, 60)).toBe('error');
			expect(r.status === 'error' && r.error, text.slice(0, 60)).toMatch(why);
			expect(r.status === 'error' && r.error).toMatch(/^Not imported: /);
		}
		expect((await store.listRuns()).runs).toEqual([]);
		expect(await store.countAnswers(record.id)).toBe(0);
	});
});

describe('CSV', () => {
	it('quotes fields per RFC 4180', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField(' padded')).toBe('" padded"');
		expect(csvField(null)).toBe('');
		expect(csvField(NaN)).toBe('');
		expect(csvField(0.25)).toBe('0.25');
		expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
	});

	it('writes one row per answer and one per bucket, readable back', async () => {
		const { record, answers } = await completedRun();
		const rows = parseCsv(answersCsv(record, answers));
		expect(rows[0].slice(0, 9)).toEqual(['run_id', 'task', 'set_id', 'position_id', 'probe_index', 'probe_id', 'token_offset', 'score', 'answer']);
		expect(rows).toHaveLength(1 + 230);
		const row = rows.find((r) => r[5] === 'code-s0-p0')!;
		expect(row[8]).toBe('no, sorry\nnext line');
		expect(rows.find((r) => r[5] === 'code-s1-p1')![8]).toBe('It is "fn_1_1", I think');
		expect(rows.find((r) => r[5] === 'database-s0-p1')![9]).toBe('label: label database:0:1, description: description database:0:1');
		expect(rows[1][1]).toBe('code'); // tasks in run order, probes in plan order

		const buckets = parseCsv(bucketsCsv(record));
		expect(buckets[0]).toEqual(['run_id', 'run_name', 'model_id', 'task', 'bucket_start', 'bucket_end', 'mean', 'std', 'n', 'task_avg', 'task_gap']);
		expect(buckets).toHaveLength(1 + 2 + 2);
		expect(buckets[1][1]).toBe('Export me, "please"');
		expect(buckets.slice(1).map((b) => [b[3], b[4], b[8]])).toEqual([
			['code', '0', '100'],
			['code', '50', '20'],
			['database', '0', '100'],
			['database', '50', '10']
		]);
		expect(Number(buckets[1][6])).toBeCloseTo(record.results.code!.buckets[0].mean, 12);
	});
});

describe('FILM answer files', () => {
	it('writes json.dumps-style lines in probe order, one per probe', async () => {
		const { record, answers } = await completedRun();
		const files = filmAnswerFiles(record, answers.slice(5));
		expect(files.map((f) => [f.task, f.fileName, f.missing])).toEqual([
			['code', 'sample_code_backward_32k.jsonl', 5],
			['database', 'sample_database_forward_32k.jsonl', 0]
		]);
		const code = files[0].text.trimEnd().split('\n');
		expect(code).toHaveLength(120);
		const byIndex = new Map(answers.filter((a) => a.task === 'code').map((a) => [a.index, a.text]));
		code.forEach((line, i) => expect(JSON.parse(line)).toEqual({ samples: [answers.slice(5).some((a) => a.task === 'code' && a.index === i) ? byIndex.get(i) : ''] }));
		expect(filmSampleLine('naïve “x” 🦙\n"q"')).toBe('{"samples": ["na\\u00efve \\u201cx\\u201d \\ud83e\\udd99\\n\\"q\\""]}');
	});
});

/** A strict RFC 4180 reader, independent of the writer. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') row.push(field), (field = '');
		else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field), rows.push(row), (row = []), (field = ''), i++;
		} else field += c;
	}
	return rows;
}
