import { describe, expect, it } from 'vitest';
import { createReadStream, readFileSync } from 'node:fs';
import { importLongbench, describeReport, LongbenchImportError, readLines } from '$lib/tasks/longbench';
import { firstInvalidUtf8, incompleteTail } from '$lib/tasks/longbench/utf8';

const FIXTURE = new URL('../fixtures/longbench/mini.jsonl', import.meta.url);
const enc = new TextEncoder();

/** The bytes cut into pieces of `size`, as a stream would deliver them (splitting multi-byte characters). */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
	for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function row(dataset: string, id: string, extra: Record<string, unknown> = {}): string {
	return JSON.stringify({ input: 'Q?', context: 'Some context.', answers: ['x'], length: 2, dataset, language: 'en', all_classes: null, _id: id, ...extra });
}

async function failure(p: Promise<unknown>): Promise<LongbenchImportError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof LongbenchImportError) return e;
		throw e;
	}
	throw new Error('expected the import to fail');
}

describe('LongBench import', () => {
	it('keeps the valid rows of the fixture and reports every skipped one with its reason', async () => {
		const { rows, report } = await importLongbench(createReadStream(FIXTURE), { sourceName: 'mini.jsonl' });
		expect(rows.map((r) => r.id)).toEqual(['nqa-1', 'nqa-2', 'hq-1', 'gr-1', 'missing-nothing']);
		expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 9, 14]);
		expect(report.lines).toBe(13);
		expect(report.perDataset).toEqual({ narrativeqa: 2, hotpotqa: 1, gov_report: 1, qasper: 1 });
		const reasons = Object.fromEntries(report.skipped.map((s) => [s.line, s.reason]));
		expect(reasons[4]).toBe('missing "context"');
		expect(reasons[5]).toBe('missing "answers"');
		expect(reasons[6]).toBe('"answers" is not a list of strings');
		expect(reasons[7]).toMatch(/^unknown dataset "fooqa"; expected one of narrativeqa, /);
		expect(reasons[8]).toMatch(/"dureader" is a LongBench task outside the nine English tasks/);
		expect(reasons[10]).toMatch(/^not valid JSON/);
		expect(reasons[12]).toBe('duplicate _id (first on line 1)');
		expect(reasons[13]).toBe('"answers" is an empty list');
		expect(report.skippedCount).toBe(8);
		expect(describeReport(report)).toMatch(/^Imported 5 of 13 rows from mini\.jsonl .* Skipped 8: /);
		expect(rows[2]).toMatchObject({ dataset: 'hotpotqa', answers: ['Duncairn'], allClasses: null, length: 33 });
	});

	it('gives the same rows whatever the chunking, multi-byte characters split or not', async () => {
		const text = [row('narrativeqa', 'ü-1', { context: 'Größe 🦙 naïve — “quoted”' }), row('musique', 'b', { answers: ['日本'] })].join('\r\n');
		const bytes = enc.encode(text);
		const whole = await importLongbench(pieces(bytes, bytes.length));
		for (const size of [1, 2, 3, 5, 7]) {
			const split = await importLongbench(pieces(bytes, size));
			expect(split.rows).toEqual(whole.rows);
		}
		expect(whole.rows[0].context).toBe('Größe 🦙 naïve — “quoted”');
		expect(whole.rows[1].answers).toEqual(['日本']);
	});

	it('ignores a UTF-8 byte order mark', async () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(row('hotpotqa', 'bom'))]);
		const { rows } = await importLongbench(pieces(bytes, 2));
		expect(rows.map((r) => r.id)).toEqual(['bom']);
	});

	it('reads a web ReadableStream as well', async () => {
		const bytes = readFileSync(FIXTURE);
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(new Uint8Array(bytes.subarray(0, 100)));
				c.enqueue(new Uint8Array(bytes.subarray(100)));
				c.close();
			}
		});
		const { rows } = await importLongbench(stream);
		expect(rows).toHaveLength(5);
	});

	it('stops with the byte offset and line of the first non-UTF-8 byte, importing nothing', async () => {
		const good = enc.encode(row('hotpotqa', 'a') + '\n' + row('hotpotqa', 'b') + '\n');
		const bad = new Uint8Array([...good, ...enc.encode('{"input":"caf'), 0xe9, ...enc.encode('"}\n')]);
		const offset = good.length + '{"input":"caf'.length;
		for (const size of [bad.length, 3, 1]) {
			const e = await failure(importLongbench(pieces(bad, size)));
			expect(e.kind).toBe('not-utf8');
			expect(e.message).toContain(`at byte ${offset} (line 3)`);
			expect(e.message).toContain('Nothing was imported');
		}
	});

	it('reports a multi-byte character cut off at the end of the file', async () => {
		const bytes = new Uint8Array([...enc.encode(row('hotpotqa', 'a') + '\n'), 0xe6, 0x97]);
		const e = await failure(importLongbench(pieces(bytes, 4)));
		expect(e.kind).toBe('not-utf8');
		expect(e.message).toContain(`at byte ${bytes.length - 2} (line 2)`);
	});

	it('refuses an unknown dataset filter before reading anything', async () => {
		async function* untouched(): AsyncGenerator<Uint8Array> {
			throw new Error('the source should not be read');
		}
		const e = await failure(importLongbench(untouched(), { datasets: ['narrativeqa', 'nqa'] }));
		expect(e.kind).toBe('unknown-dataset');
		expect(e.message).toMatch(/unknown dataset "nqa"; expected one of narrativeqa, qasper/);
	});

	it('fails as a whole when no row is usable, saying why', async () => {
		const text = ['not json', row('trec', 'a'), '{"context":"c"}'].join('\n');
		const e = await failure(importLongbench(pieces(enc.encode(text), 64), { sourceName: 'x.jsonl' }));
		expect(e.kind).toBe('no-rows');
		expect(e.message).toMatch(/^No usable LongBench row in x\.jsonl: skipped: /);
		expect((await failure(importLongbench(pieces(new Uint8Array(0), 1)))).message).toMatch(/the file is empty/);
	});

	it('streams a large file, holding only the rows it keeps', async () => {
		const context = 'lorem ipsum dolor sit amet '.repeat(4000); // ~108 KB per row
		const total = 200; // ~21 MB in all, generated lazily
		async function* big(): AsyncGenerator<Uint8Array> {
			for (let i = 0; i < total; i++) yield enc.encode(row(i % 2 ? 'qasper' : 'hotpotqa', `r${i}`, { context }) + '\n');
		}
		const { rows, report } = await importLongbench(big(), { datasets: ['qasper'], maxPerDataset: 3 });
		expect(rows.map((r) => r.id)).toEqual(['r1', 'r3', 'r5']);
		expect(report.lines).toBe(total);
		expect(report.filtered).toBe(total - 3);
	});

	it('skips an over-long line without holding it, and keeps the lines after it', async () => {
		const text = [row('hotpotqa', 'a'), row('hotpotqa', 'long', { context: 'y'.repeat(5000) }), row('hotpotqa', 'c')].join('\n');
		const { rows, report } = await importLongbench(pieces(enc.encode(text), 300), { maxLineChars: 1000 });
		expect(rows.map((r) => r.id)).toEqual(['a', 'c']);
		expect(report.skipped[0].line).toBe(2);
		expect(report.skipped[0].reason).toMatch(/^line is \d+ characters long, over the limit$/);
	});

	it('stops when aborted', async () => {
		const ctl = new AbortController();
		ctl.abort();
		const e = await failure(importLongbench(pieces(enc.encode(row('hotpotqa', 'a')), 4), { signal: ctl.signal }));
		expect(e.kind).toBe('aborted');
	});

	it('accepts LongBench-E names and rows without a dataset field when told the dataset', async () => {
		const noDataset = JSON.stringify({ input: 'Q', context: 'C', answers: ['A'], _id: 'z' });
		const { rows } = await importLongbench(pieces(enc.encode(row('hotpotqa_e', 'e') + '\n' + noDataset), 16), { fallbackDataset: 'musique' });
		expect(rows.map((r) => [r.id, r.dataset])).toEqual([['e', 'hotpotqa'], ['z', 'musique']]);
	});
});

describe('line and UTF-8 helpers', () => {
	it('numbers lines and strips CR', async () => {
		const got: unknown[] = [];
		for await (const l of readLines(pieces(enc.encode('a\r\nb\n\nc'), 2))) got.push(l);
		expect(got).toEqual([
			{ lineNo: 1, text: 'a' },
			{ lineNo: 2, text: 'b' },
			{ lineNo: 3, text: '' },
			{ lineNo: 4, text: 'c' }
		]);
	});

	it('finds invalid sequences by the UTF-8 rules', () => {
		expect(firstInvalidUtf8(enc.encode('ok ✓ 🦙'))).toBe(-1);
		expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1); // overlong
		expect(firstInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
		expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xf4, 0x90, 0x80, 0x80]))).toBe(2); // > U+10FFFF
		expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe2, 0x9c]))).toBe(1); // cut off
		expect(incompleteTail(new Uint8Array([0x41, 0xf0, 0x9f, 0xa6]))).toBe(3);
		expect(incompleteTail(enc.encode('a🦙'))).toBe(0);
	});
});
