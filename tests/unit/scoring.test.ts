import { describe, expect, it } from 'vitest';
import { wordRecall } from '$lib/scoring/recall';
import { pySplit } from '$lib/scoring/py-split';
import { codeScore, databaseScore, needleScore, stripDots } from '$lib/scoring/substring';
import { aggregate, populationStd } from '$lib/scoring/aggregate';

describe('document word recall (FILM rule)', () => {
	it('counts distinct gold words found in the answer, case-insensitively', () => {
		// gold words {the, cat, sat, on, mat.} = 5; the answer has the, cat, mat. → 3/5
		expect(wordRecall('The cat sat on the mat.', 'the CAT and a mat.')).toBeCloseTo(3 / 5, 12);
	});
	it('keeps punctuation attached to words, as str.split() does', () => {
		expect(wordRecall('It works.', 'it works')).toBeCloseTo(1 / 2, 12);
	});
	it('splits on any whitespace run and ignores padding', () => {
		expect(pySplit('  a\tb\n\nc  ')).toEqual(['a', 'b', 'c']);
		expect(wordRecall('a b c', '\n a\tb  c \n')).toBe(1);
	});
	it('splits words where Python does, on the characters where JavaScript\'s \\s disagrees', () => {
		// Whitespace to Python (str.isspace) but not to \s: the information separators and NEL.
		for (const ws of ['\x1c', '\x1d', '\x1e', '\x1f', '\x85']) {
			expect(pySplit(`alpha${ws}beta`)).toEqual(['alpha', 'beta']);
			expect(wordRecall(`alpha${ws}beta`, 'beta alpha')).toBe(1);
		}
		// Whitespace to \s but a word character to Python: the byte-order mark. Zero-width spaces are neither.
		for (const joiner of ['\ufeff', '\u200b', '\u180e']) {
			expect(pySplit(`alpha${joiner}beta`)).toEqual([`alpha${joiner}beta`]);
			expect(wordRecall(`alpha${joiner}beta`, 'alpha beta')).toBe(0);
		}
		// Both agree on the no-break and typographic spaces.
		for (const ws of ['\xa0', '\u2007', '\u202f', '\u3000']) expect(pySplit(`a${ws}b`)).toEqual(['a', 'b']);
	});
	it('treats exactly Python 3.11\'s str.isspace() characters as whitespace, over all of Unicode', () => {
		// [hex(c) for c in range(0x110000) if chr(c).isspace()] in CPython 3.11.
		const python = [0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
			0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
		const splitting: number[] = [];
		for (let c = 0; c < 0x110000; c++) {
			if (c >= 0xd800 && c <= 0xdfff) continue;
			if (pySplit(`a${String.fromCodePoint(c)}b`).length === 2) splitting.push(c);
		}
		expect(splitting).toEqual(python);
	});
	it('scores an empty answer 0 and an empty gold 0', () => {
		expect(wordRecall('a b', '')).toBe(0);
		expect(wordRecall('   ', 'anything')).toBe(0);
	});
});

describe('code and database substring rules', () => {
	it('strips only dots from the gold, both ends', () => {
		expect(stripDots('..get_clause.')).toBe('get_clause');
		expect(stripDots(' a. ')).toBe(' a. ');
	});
	it('code: case-sensitive substring of the function name', () => {
		expect(codeScore('get_clause', 'The function is get_clause.')).toBe(1);
		expect(codeScore('get_clause', 'The function is Get_Clause')).toBe(0);
		expect(codeScore('get_clause.', 'get_clause')).toBe(1);
	});
	it('database: label or description, case-insensitive', () => {
		const label = 'New York State Route 191';
		const dcpt = 'highway in New York.';
		expect(databaseScore(label, dcpt, 'label: new york state route 191')).toBe(1);
		expect(databaseScore(label, dcpt, 'It is a HIGHWAY IN NEW YORK')).toBe(1);
		expect(databaseScore(label, dcpt, 'a road somewhere')).toBe(0);
	});
	it('needle: the number must appear', () => {
		expect(needleScore('1234567', 'The number is 1234567.')).toBe(1);
		expect(needleScore('1234567', 'The number is 123456.')).toBe(0);
	});
});

describe('aggregation over buckets and sets', () => {
	it('takes population std over sets and Avg/Gap over bucket means', () => {
		expect(populationStd([0, 100])).toBe(50);
		// two sets, positions 0…99 (two buckets). Set 0 right on bucket 0 only; set 1 right everywhere.
		const points = [];
		for (let pos = 0; pos < 100; pos++) {
			points.push({ setId: 0, positionId: pos, score: pos < 50 ? 1 : 0 });
			points.push({ setId: 1, positionId: pos, score: 1 });
		}
		const agg = aggregate(points);
		expect(agg.buckets).toEqual([
			{ start: 0, end: 49, mean: 100, std: 0, n: 100 },
			{ start: 50, end: 99, mean: 50, std: 50, n: 100 }
		]);
		expect(agg.avg).toBe(75);
		expect(agg.gap).toBe(50);
		expect(agg.scored).toBe(200);
	});
	it('averages a set\'s answers inside a bucket before averaging sets', () => {
		const agg = aggregate([
			{ setId: 0, positionId: 0, score: 1 },
			{ setId: 0, positionId: 1, score: 0 },
			{ setId: 1, positionId: 2, score: 1 }
		]);
		// set 0 → 50, set 1 → 100: mean 75, std 25
		expect(agg.buckets[0]).toMatchObject({ mean: 75, std: 25, n: 3 });
	});
	it('paper buckets drop the 50th position of every bucket (the plot script off-by-one)', () => {
		const points = Array.from({ length: 100 }, (_, pos) => ({ setId: 0, positionId: pos, score: pos % 50 === 49 ? 1 : 0 }));
		const exact = aggregate(points);
		const paper = aggregate(points, { paperBuckets: true });
		expect(exact.buckets.map((b) => b.mean)).toEqual([2, 2]);
		expect(paper.buckets.map((b) => [b.start, b.end, b.mean])).toEqual([
			[0, 48, 0],
			[50, 98, 0]
		]);
		expect(paper.scored).toBe(98);
	});
	it('gives 0/0 for no answers', () => {
		expect(aggregate([])).toEqual({ buckets: [], avg: 0, gap: 0, scored: 0 });
	});
});
