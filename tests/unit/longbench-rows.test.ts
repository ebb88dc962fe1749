// The stored rows of a picked LongBench file: kept under a content key, read back validated, refused when
// corrupt, explained when missing, and a full disk named as such.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createStore, set, type UseStore } from 'idb-keyval';
import { keepPickedFiles, PickError } from '$lib/store/longbench-pick';
import { createLongbenchRowsStore, LongbenchRowsError } from '$lib/store/longbench-rows-store';
import { LONGBENCH_ROWS_SCHEMA_VERSION, readRowsRecord, rowsKeyOf } from '$lib/store/longbench-rows';

const MINI = readFileSync(new URL('../fixtures/longbench/mini.jsonl', import.meta.url));
let n = 0;
const dbName = () => `lb-rows-test-${Date.now()}-${n++}`;
const mini = (name = 'mini.jsonl') => new File([MINI], name, { lastModified: 1_700_000_000_000 });

async function pickError(p: Promise<unknown>): Promise<PickError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof PickError) return e;
		throw e;
	}
	throw new Error('expected the pick to fail');
}

describe('stored LongBench rows', () => {
	it('keeps the validated rows of a picked file with its provenance, and reads them back', async () => {
		const store = createLongbenchRowsStore(dbName());
		const now = new Date('2026-11-26T09:00:00Z');
		const kept = await keepPickedFiles([mini()], store, { now });
		expect(kept.choice).toEqual({ name: 'mini.jsonl', rowsKey: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 5 });
		expect(kept.reports[0].skippedCount).toBe(8);
		expect(kept.summaries[0]).toMatch(/^Imported 5 of 13 rows from mini.jsonl .* Skipped 8: /);

		const got = await store.get(kept.choice.rowsKey);
		if (!got?.ok) throw new Error(`not stored: ${JSON.stringify(got)}`);
		const record = got.value;
		expect(record.schemaVersion).toBe(LONGBENCH_ROWS_SCHEMA_VERSION);
		expect(record.rows.map((r) => r.id)).toEqual(['nqa-1', 'nqa-2', 'hq-1', 'gr-1', 'missing-nothing']);
		expect(record.key).toBe(await rowsKeyOf(record.rows));
		expect(record.provenance.importedAt).toBe('2026-11-26T09:00:00.000Z');
		expect(record.provenance.files).toEqual([
			{ name: 'mini.jsonl', size: MINI.length, lastModified: 1_700_000_000_000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }
		]);
		expect(record.provenance.reports[0].skipReasons['missing "context"']).toBe(1);
		expect(await store.rows(kept.choice.rowsKey, 'mini.jsonl')).toEqual(record.rows);
		expect(await store.keys()).toEqual([kept.choice.rowsKey]);
	});

	it('gives the same key to the same rows, whatever the file is called', async () => {
		const store = createLongbenchRowsStore(dbName());
		const a = await keepPickedFiles([mini('a.jsonl')], store);
		const b = await keepPickedFiles([mini('b.jsonl')], store);
		expect(b.choice.rowsKey).toBe(a.choice.rowsKey);
		expect(await store.keys()).toHaveLength(1);
	});

	it('merges several files and leaves out rows an earlier file already gave', async () => {
		const store = createLongbenchRowsStore(dbName());
		const extra = new File(
			[
				JSON.stringify({ input: 'Q?', context: 'Doc.', answers: ['x'], dataset: 'musique', _id: 'mq-1' }) + '\n',
				JSON.stringify({ input: 'Q?', context: 'Doc.', answers: ['x'], dataset: 'narrativeqa', _id: 'nqa-1' }) + '\n'
			],
			'extra.jsonl'
		);
		const kept = await keepPickedFiles([mini(), extra], store);
		expect(kept.choice).toMatchObject({ name: 'mini.jsonl, extra.jsonl', rows: 6 });
		expect(kept.duplicatesAcrossFiles).toBe(1);
		expect(kept.reports.map((r) => r.source)).toEqual(['mini.jsonl', 'extra.jsonl']);
	});

	it('refuses corrupt records and says which part is wrong', async () => {
		const name = dbName();
		const store = createLongbenchRowsStore(name);
		const { choice } = await keepPickedFiles([mini()], store);
		const good = await store.get(choice.rowsKey);
		if (!good?.ok) throw new Error('not stored');
		const raw: UseStore = createStore(name, 'rows');
		const put = (v: unknown) => set(`rows:${choice.rowsKey}`, v, raw);
		const rec = good.value;

		await put({ ...rec, rows: rec.rows.map((r, i) => (i === 0 ? { ...r, dataset: 'fooqa' } : r)) });
		expect(await store.get(choice.rowsKey)).toEqual({ ok: false, error: expect.stringContaining('rows.rows[0].dataset should be one of') });
		await put({ ...rec, rows: rec.rows.map((r, i) => (i === 1 ? { ...r, answers: ['tampered'] } : r)) });
		expect(await store.get(choice.rowsKey)).toEqual({ ok: false, error: 'the stored rows no longer match their key' });
		await put({ ...rec, rowCount: 4 });
		expect(await store.get(choice.rowsKey)).toEqual({ ok: false, error: 'the record holds 5 rows but says 4' });
		await put({ ...rec, provenance: { ...rec.provenance, files: 'mini.jsonl' } });
		expect(await store.get(choice.rowsKey)).toMatchObject({ ok: false, error: 'rows.provenance.files should be a list' });
		await put({ ...rec, schemaVersion: 9 });
		expect(await store.get(choice.rowsKey)).toMatchObject({ ok: false, error: expect.stringMatching(/newer version of this app/) });
		await put('not a record');
		await expect(store.rows(choice.rowsKey, 'mini.jsonl')).rejects.toThrow(/stored rows of mini.jsonl cannot be read .* Pick the same file again/);
		expect((await readRowsRecord({ ...rec, rows: [], rowCount: 0 })).ok).toBe(false);
		expect(await store.get('not-a-key')).toMatchObject({ ok: false });
	});

	it('says to pick the same file again when its rows are gone', async () => {
		const store = createLongbenchRowsStore(dbName());
		const err = await store.rows('a'.repeat(64), 'narrativeqa.jsonl').catch((e) => e);
		expect(err).toBeInstanceOf(LongbenchRowsError);
		expect(err.kind).toBe('missing');
		expect(err.message).toMatch(/rows of narrativeqa.jsonl are no longer stored in this browser/);
		expect(err.message).toMatch(/Pick the same file again/);
	});

	it('turns a full disk into a clear message and keeps nothing', async () => {
		const full: UseStore = async () => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
		const err = await pickError(keepPickedFiles([mini()], createLongbenchRowsStore('unused', full)));
		expect(err.aborted).toBe(false);
		expect(err.message).toMatch(/^Browser storage is full: the 5 rows kept from mini.jsonl \(about [\d.]+ KB\) could not be saved/);
		expect(err.message).toMatch(/none is started/);
	});

	it('reports fatal import problems with what to do, naming the file', async () => {
		const store = createLongbenchRowsStore(dbName());
		const latin1 = new File([new Uint8Array([0x7b, 0x22, 0x61, 0xe9, 0x22, 0x7d, 0x0a])], 'latin1.jsonl');
		expect((await pickError(keepPickedFiles([latin1], store))).message).toMatch(/^latin1.jsonl: The file is not UTF-8 text: invalid byte sequence at byte 3 \(line 1\)/);
		const array = new File([JSON.stringify([{ context: 'x' }])], 'rows.json');
		const msg = (await pickError(keepPickedFiles([array], store))).message;
		expect(msg).toMatch(/^No usable LongBench row in rows.json/);
		expect(msg).toMatch(/one JSON object per line/);
		// A fatal problem in a later file keeps nothing of the earlier ones either.
		await pickError(keepPickedFiles([mini(), array], store));
		expect(await store.keys()).toEqual([]);
		const ctl = new AbortController();
		ctl.abort();
		expect((await pickError(keepPickedFiles([mini()], store, { signal: ctl.signal }))).aborted).toBe(true);
	});
});
