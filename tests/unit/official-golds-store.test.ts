// The official golds kept in the browser (versioned, validated) and the app's import → curves path over them.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nodePools, POOL_DIR } from '$lib/tasks/node-pools';
import { createOfficialGoldsStore, readOfficialGoldsRecord, type OfficialGoldsRecord } from '$lib/store/official-golds-store';
import { importOfficialFiles, loadPaperCurves } from '$lib/app/paper-curves';
import { OFFICIAL_FILE_NAMES, type ProbeTask } from '$lib/paper/published';
import { makeOfficialFixture, type OfficialFixture } from '../fixtures/official/make-official';

let fixture: OfficialFixture;
beforeAll(async () => {
	const skip = Object.fromEntries(
		(['document', 'code', 'database'] as ProbeTask[]).map((t) => [t, JSON.parse(readFileSync(`${POOL_DIR}skip-lists/${OFFICIAL_FILE_NAMES[t]}_skip_list.json`, 'utf8'))])
	) as Record<ProbeTask, number[]>;
	fixture = makeOfficialFixture(await nodePools(), skip);
}, 120_000);

/** What the app's static host serves: the skip lists and the (stand-in) published answers. */
const fetcher = (async (url: string) => {
	const skip = /\/data\/film\/skip-lists\/(.+)$/.exec(url);
	if (skip) return new Response(readFileSync(`${POOL_DIR}skip-lists/${skip[1]}`, 'utf8'));
	const ans = /\/data\/film\/results\/(.+)$/.exec(url);
	const body = ans && fixture.answers[ans[1]];
	return body ? new Response(body) : new Response('not found', { status: 404 });
}) as typeof fetch;

const record = (over: Partial<OfficialGoldsRecord> = {}): OfficialGoldsRecord => ({
	schemaVersion: 1,
	task: 'code',
	file: { name: 'code_backward_32k.jsonl', size: 10, lastModified: null },
	importedAt: '2026-11-25T00:00:00.000Z',
	skipped: 0,
	rows: [{ setId: 0, positionId: 0, gold: { kind: 'code', completion: 'f' }, skip: false }],
	...over
});

describe('the official golds store', () => {
	it('keeps one versioned record per task and reads back only valid ones', async () => {
		const store = createOfficialGoldsStore(`golds-${Date.now()}`);
		await store.put(record());
		await store.put(record({ rows: [] }));
		const { records, problems } = await store.all();
		expect(records).toHaveLength(1);
		expect(records[0].rows).toEqual([]);
		expect(problems).toEqual([]);
		await expect(store.put(record({ task: 'database' }))).rejects.toThrow(/not a database gold/);
		await store.remove('code');
		expect((await store.all()).records).toEqual([]);
	});
	it('refuses records of a newer app and broken ones, saying what to do', () => {
		expect(readOfficialGoldsRecord({ ...record(), schemaVersion: 2 })).toMatchObject({ ok: false, error: expect.stringContaining('update the app or import the files again') });
		expect(readOfficialGoldsRecord({ ...record(), rows: [{ setId: 'x' }] })).toMatchObject({ ok: false });
	});
});

describe('import → curves in the app', () => {
	it('imports official files (streamed), refuses others, and scores the published answers against them', async () => {
		const store = createOfficialGoldsStore(`golds-app-${Date.now()}`);
		const deps = { fetcher, store: async () => store };
		const file = (name: string, text: string) => new File([text], name);
		const got = await importOfficialFiles(
			[file('code_backward_32k.jsonl', fixture.official['code_backward_32k.jsonl']), file('notes.jsonl', '{}'), file('database_forward_32k.jsonl', '{"prompt": 1}\n')],
			deps
		);
		expect(got.imported).toEqual([expect.objectContaining({ task: 'code', rows: 3200, skipped: 313 })]);
		expect(got.errors).toEqual([expect.stringContaining('notes.jsonl: not an official'), expect.stringContaining('database_forward_32k.jsonl:1: field "prompt" must be a string')]);
		const { stored, curves, problems } = await loadPaperCurves(deps);
		expect(problems).toEqual([]);
		expect(stored.map((s) => s.task)).toEqual(['code']);
		expect(curves.map((c) => [c.model, c.task, Math.round(c.result.avg * 10) / 10, Math.round(c.result.gap * 10) / 10])).toEqual([
			['FILM-7B', 'code', 83.3, 18.7],
			['Mistral-7B-Instruct-v0.2', 'code', 20.3, 59.5],
			['GPT-4-Turbo', 'code', 66.1, 46.5]
		]);
	});
	it('fetches no answers while no golds are kept', async () => {
		const asked: string[] = [];
		const { curves } = await loadPaperCurves({ fetcher: (async (u: string) => (asked.push(u), new Response(''))) as typeof fetch, store: async () => createOfficialGoldsStore(`golds-none-${Date.now()}`) });
		expect(curves).toEqual([]);
		expect(asked).toEqual([]);
	});
});
