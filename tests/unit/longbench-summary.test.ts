import { describe, expect, it } from 'vitest';
import { answerPositions, longbenchTable, PAPER_TABLE2, summarizeLongbench } from '$lib/tasks/longbench';

describe('LongBench summary and table', () => {
	it('scores each dataset as 100 × mean (rounded like LongBench) and averages the datasets', () => {
		const s = summarizeLongbench([
			{ dataset: 'qasper', score: 1 },
			{ dataset: 'narrativeqa', score: 0.5 },
			{ dataset: 'qasper', score: 0 },
			{ dataset: 'narrativeqa', score: 0 },
			{ dataset: 'qasper', score: 1 }
		]);
		expect(s).toEqual({
			task: 'longbench',
			datasets: { narrativeqa: { score: 25, n: 2 }, qasper: { score: 66.67, n: 3 } },
			avg: 45.84 // (25 + 66.67) / 2, rounded as Python rounds it
		});
		// paper column order, whatever the input order
		expect(Object.keys(s.datasets)).toEqual(['narrativeqa', 'qasper']);
	});

	it('sets a run beside the paper rows, with blanks and a partial flag for missing datasets', () => {
		const run = summarizeLongbench([{ dataset: 'hotpotqa', score: 1 }]);
		const t = longbenchTable([{ model: 'FILM-7B q4f32_1 (here)', summary: run }]);
		expect(t.columns.map((c) => c.label)).toEqual([
			'NarrativeQA', 'Qasper', 'MultiFQA', 'HotpotQA', '2WikiMQA', 'MuSiQue', 'GovReport', 'QMSum', 'MultiNews'
		]);
		expect(t.rows).toHaveLength(PAPER_TABLE2.length + 1);
		const film = t.rows.find((r) => r.model === 'FILM-7B');
		expect(film?.cells).toEqual([26.9, 42.2, 56.0, 62.1, 47.0, 39.0, 33.8, 25.1, 26.9]);
		expect(film?.avg).toBe(39.9);
		const mine = t.rows[t.rows.length - 1];
		expect(mine).toEqual({ model: 'FILM-7B q4f32_1 (here)', source: 'run', cells: [null, null, null, 100, null, null, null, null, null], avg: 100, partial: true });
	});

	it('keeps the paper figures consistent with their own averages', () => {
		for (const row of PAPER_TABLE2) {
			const values = Object.values(row.scores);
			expect(values).toHaveLength(9);
			const mean = values.reduce((a, b) => a + b, 0) / 9;
			expect(Math.abs(mean - row.avg)).toBeLessThanOrEqual(0.06);
		}
	});
});

describe('score against answer position', () => {
	it('buckets located answers by relative depth and counts the rest', () => {
		const chart = answerPositions(
			[
				{ tokenOffset: 10, promptTokens: 100, score: 1, dataset: 'hotpotqa' }, // 0.10 → bucket 0
				{ tokenOffset: 40, promptTokens: 100, score: 0 }, // 0.40 → bucket 1
				{ tokenOffset: 250, promptTokens: 1000, score: 0.5 }, // 0.25 → bucket 1: a bucket holds its `from`, not its `to`
				{ tokenOffset: 99, promptTokens: 100, score: 1 }, // 0.99 → bucket 3
				{ tokenOffset: null, promptTokens: 100, score: 1 }
			],
			{ buckets: 4 }
		);
		expect(chart.unlocated).toBe(1);
		expect(chart.points[0]).toEqual({ x: 0.1, score: 1, dataset: 'hotpotqa' });
		expect(chart.buckets).toEqual([
			{ from: 0, to: 0.25, mean: 100, n: 1 },
			{ from: 0.25, to: 0.5, mean: 25, n: 2 },
			{ from: 0.5, to: 0.75, mean: null, n: 0 },
			{ from: 0.75, to: 1, mean: 100, n: 1 }
		]);
	});

	it('can bucket by absolute token offset', () => {
		const chart = answerPositions(
			[
				{ tokenOffset: 100, promptTokens: 8000, score: 1 },
				{ tokenOffset: 7000, promptTokens: 8000, score: 0 },
				{ tokenOffset: 15999, promptTokens: 16000, score: 1 }
			],
			{ by: 'tokens', buckets: 2 }
		);
		expect(chart.buckets.map((b) => [b.from, b.to, b.mean, b.n])).toEqual([
			[0, 8000, 50, 2],
			[8000, 16000, 100, 1]
		]);
	});
});
