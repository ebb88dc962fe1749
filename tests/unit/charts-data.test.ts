import { describe, expect, it } from 'vitest';
import { bucketAnswers, goldText, needleCell, needleCells, positionBuckets, speedSamples, taskSeries } from '$lib/app/run-data';
import { paperReferences } from '$lib/app/references';
import type { StoredAnswer } from '$lib/store/schema';

function answer(over: Partial<StoredAnswer>): StoredAnswer {
	return {
		schemaVersion: 1,
		runId: 'r1',
		probeId: `p${Math.random()}`,
		task: 'code',
		setId: 0,
		positionId: 0,
		index: 0,
		contextId: 'code-s0',
		tokenOffset: null,
		gold: { kind: 'code', completion: 'f' },
		text: 'f',
		score: 1,
		at: '2026-01-01T00:00:00Z',
		...over
	};
}

describe('run data for charts', () => {
	const result = {
		buckets: [
			{ start: 0, end: 49, mean: 100, std: 0, n: 2 },
			{ start: 50, end: 99, mean: 50, std: 0, n: 2 }
		],
		avg: 75,
		gap: 50,
		scored: 4
	};
	it('adds the mean token offset of each bucket from its answers', () => {
		const answers = [answer({ positionId: 1, tokenOffset: 100 }), answer({ positionId: 2, tokenOffset: 300 }), answer({ positionId: 60, tokenOffset: 5000 }), answer({ positionId: 70 })];
		expect(positionBuckets(result, answers).map((b) => b.tokenOffset)).toEqual([200, 5000]);
		expect(positionBuckets(result).map((b) => b.tokenOffset)).toEqual([null, null]);
		expect(taskSeries({ id: 'r1', name: 'run' }, undefined).buckets).toEqual([]);
	});
	it('reads needle cells from context ids', () => {
		expect(needleCell('niah-L4096-d50-s0')).toEqual({ length: 4096, depth: 50 });
		expect(needleCell('code-s0')).toBeNull();
		const cells = needleCells([
			answer({ task: 'niah', contextId: 'niah-L4096-d50-s0', score: 1 }),
			answer({ task: 'niah', contextId: 'niah-L4096-d50-s1', score: 0 }),
			answer({ task: 'code', contextId: 'niah-L1-d1-s0' })
		]);
		expect(cells).toEqual([{ length: 4096, depth: 50, score: 50, n: 2 }]);
	});
	it('keeps only answers with timings and a prompt length for the speed chart', () => {
		const timed = answer({ usage: { promptTokens: 900, completionTokens: 3 }, timings: { ttftMs: 80, prefillTokensPerS: 9000, decodeTokensPerS: 40, totalMs: 200 } });
		expect(speedSamples([timed, answer({}), answer({ usage: { promptTokens: 0, completionTokens: 0 }, timings: timed.timings })])).toEqual([
			{ promptTokens: 900, ttftMs: 80, prefillTokensPerS: 9000, decodeTokensPerS: 40 }
		]);
	});
	it('lists the answers of one bucket in position order', () => {
		const a = [answer({ positionId: 5, setId: 1 }), answer({ positionId: 5, setId: 0 }), answer({ positionId: 2 }), answer({ positionId: 80 }), answer({ task: 'document', positionId: 3 })];
		expect(bucketAnswers(a, 'code', 0, 49).map((x) => [x.positionId, x.setId])).toEqual([[2, 0], [5, 0], [5, 1]]);
	});
	it('writes every kind of gold as text', () => {
		expect(goldText(answer({ gold: { kind: 'database', label: 'L', description: 'D' } }))).toBe('label: L, description: D');
		expect(goldText(answer({ gold: { kind: 'qa', dataset: 'x', answers: ['a', 'b'] } }))).toBe('a | b');
	});
	it("draws the paper's Avg for FILM tasks only", () => {
		expect(paperReferences('code')).toEqual([
			{ label: 'Mistral-7B-Instruct-v0.2 (paper)', value: 20.3 },
			{ label: 'FILM-7B (paper)', value: 83.3 }
		]);
		expect(paperReferences('niah')).toEqual([]);
	});
});
