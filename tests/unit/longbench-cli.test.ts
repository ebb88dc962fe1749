import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { buildLongbenchProbes, parseLongbenchProbeRows, scoreLongbench } from '../../cli/longbench';

const FIXTURE = fileURLToPath(new URL('../fixtures/longbench/mini.jsonl', import.meta.url));

describe('cli/longbench', () => {
	it('builds probe rows in the common format from a LongBench file, with its import report', async () => {
		const { rows, report } = await buildLongbenchProbes({ input: FIXTURE, contextTokens: 4096 });
		expect(rows.map((r) => r.id)).toEqual([
			'longbench/narrativeqa/nqa-1',
			'longbench/narrativeqa/nqa-2',
			'longbench/hotpotqa/hq-1',
			'longbench/gov_report/gr-1',
			'longbench/qasper/missing-nothing'
		]);
		expect(report.skippedCount).toBe(8);
		expect(report.source).toBe('mini.jsonl');
		const [nqa] = rows;
		expect(nqa).toMatchObject({ task: 'longbench', dataset: 'narrativeqa', answers: ['Talla Brenwick'], max_new_tokens: 128, removed_tokens: 0 });
		expect(nqa.prompt.startsWith('[INST] You are given a story')).toBe(true);
		expect(nqa.prompt.endsWith('Question: Who keeps the lighthouse at Osrin Point?\n\nAnswer: [/INST]')).toBe(true);
		expect(typeof nqa.answer_offset).toBe('number');
		expect(rows[1].answer_offset).toBeGreaterThan(0); // "green" as a whole word
		expect(rows[3].answer_offset).toBeUndefined(); // a summary has no answer position
		expect(rows[3].max_new_tokens).toBe(512);
		expect(rows.every((r) => r.prompt_tokens + r.max_new_tokens <= 4096)).toBe(true);
	});

	it('filters by dataset, wraps as asked, and refuses unknown names and wraps', async () => {
		const { rows } = await buildLongbenchProbes({ input: FIXTURE, contextTokens: 4096, dataset: 'hotpotqa,qasper', wrap: 'plain' });
		expect(rows.map((r) => r.dataset)).toEqual(['hotpotqa', 'qasper']);
		expect(rows[0].prompt.startsWith('Answer the question based on the given passages.')).toBe(true);
		await expect(buildLongbenchProbes({ input: FIXTURE, contextTokens: 4096, dataset: 'hotpot' })).rejects.toThrow(/unknown dataset "hotpot"/);
		await expect(buildLongbenchProbes({ input: FIXTURE, contextTokens: 4096, wrap: 'chatml' as never })).rejects.toThrow(/--wrap must be one of/);
	});

	it('round-trips rows through JSONL and scores answers per dataset', async () => {
		const { rows: built } = await buildLongbenchProbes({ input: FIXTURE, contextTokens: 4096 });
		const rows = parseLongbenchProbeRows(built.map((r) => JSON.stringify(r)).join('\n') + '\n', 'probes.jsonl');
		expect(rows).toEqual(built);
		const result = scoreLongbench(rows, [
			'Talla Brenwick.\n\nShe kept it for thirty years.', // F1 1 after FILM's cut
			'A dark green', // [dark, green] vs [green] → 2/3; vs [deep, green] → 1/2 → best 2/3
			'Duncairn',
			'Repair spending at the harbour doubled in two years. The audit office recommended a new tender process.',
			null // no answer: left out, as FILM's evaluate.py does
		]);
		expect(result.task).toBe('longbench');
		expect(result.datasets).toEqual({
			narrativeqa: { score: 83.33, n: 2 },
			hotpotqa: { score: 100, n: 1 },
			gov_report: { score: 100, n: 1 }
		});
		expect(result.avg).toBe(94.44);
	});

	it('rejects answer lists that do not pair with the rows, and malformed rows', async () => {
		const { rows } = await buildLongbenchProbes({ input: FIXTURE, contextTokens: 4096 });
		expect(() => scoreLongbench(rows, ['x'])).toThrow(/1 answers for 5 LongBench rows/);
		expect(() => parseLongbenchProbeRows('{"task":"longbench","id":"x"}', 'p.jsonl')).toThrow(/p\.jsonl:1: unknown dataset/);
		expect(() => parseLongbenchProbeRows('{"task":"document"}', 'p.jsonl')).toThrow(/task is "document"/);
	});
});
