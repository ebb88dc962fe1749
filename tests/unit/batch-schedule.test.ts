import { describe, expect, it } from 'vitest';
import { packForwards, SlotTable } from '$lib/engines/webllm/batch/schedule';
import { chooseBatchSize, kvTokensFor, MEASURED_SWEET_SPOT } from '$lib/engines/webllm/batch/batch-size';

describe('packForwards', () => {
	it('packs inputs in order while the chunk and the batch limit allow', () => {
		expect(packForwards([40, 40, 40], 100, 80)).toEqual([[0, 1], [2]]);
		expect(packForwards([40, 40, 40], 120, 80)).toEqual([[0, 1, 2]]);
		expect(packForwards([1, 1, 1, 1, 1], 100, 2)).toEqual([[0, 1], [2, 3], [4]]);
		expect(packForwards([], 100, 2)).toEqual([]);
	});
	it('refuses an input longer than a chunk or empty', () => {
		expect(() => packForwards([101], 100, 8)).toThrow(/exceeds/);
		expect(() => packForwards([0], 100, 8)).toThrow(/empty/);
	});
});

describe('SlotTable', () => {
	it('fills free slots with the next questions in order and refills released ones', () => {
		const t = new SlotTable<string>(2, 5);
		expect(t.fill((q) => `q${q}`)).toEqual([[0, 0], [1, 1]]);
		expect(t.fill((q) => `q${q}`)).toEqual([]);
		t.release(1);
		expect(t.fill((q) => `q${q}`)).toEqual([[1, 2]]);
		expect(t.active()).toEqual([[0, 'q0'], [1, 'q2']]);
		t.release(0);
		t.release(1);
		expect(t.fill((q) => `q${q}`)).toEqual([[0, 3], [1, 4]]);
		expect(t.done).toBe(false);
		t.release(0);
		expect(t.fill((q) => `q${q}`)).toEqual([]);
		t.release(1);
		expect(t.done).toBe(true);
		expect(SlotTable.seqOf(0)).toBe(1); // sequence 0 is the context
	});
	it('needs a slot', () => {
		expect(() => new SlotTable(0, 3)).toThrow();
	});
});

describe('chooseBatchSize', () => {
	// FILM-7B (Mistral 7B) in f32 KV: 32 layers × 2 × 8 KV heads × 128 × 4 bytes.
	const kvBytesPerToken = 32 * 2 * 8 * 128 * 4;
	const base = { questions: 1000, kvBytesPerToken, contextTokens: 16_384, perSequenceTokens: 40 + 20 };
	it('takes the measured sweet spot when nothing else binds', () => {
		expect(chooseBatchSize(base)).toMatchObject({ B: MEASURED_SWEET_SPOT, limitedBy: 'sweet-spot' });
	});
	it('never exceeds the questions left or the library batch limit (which counts the context sequence)', () => {
		expect(chooseBatchSize({ ...base, questions: 5 })).toMatchObject({ B: 5, limitedBy: 'questions' });
		expect(chooseBatchSize({ ...base, libraryMaxBatch: 8 })).toMatchObject({ B: 7, limitedBy: 'library' });
	});
	it('fits the context and B sequences’ pages into the memory left', () => {
		const ctx = 16_384 * kvBytesPerToken;
		const perSeq = (Math.ceil(60 / 16) + 1) * 16 * kvBytesPerToken;
		const c = chooseBatchSize({ ...base, freeBytes: ctx + 10 * perSeq + 1 });
		expect(c).toMatchObject({ B: 10, limitedBy: 'memory' });
		expect(c.kvTokens * kvBytesPerToken).toBeLessThanOrEqual(ctx + 10 * perSeq + 1);
		expect(chooseBatchSize({ ...base, freeBytes: ctx }).B).toBe(0);
	});
	it('counts whole pages and a spare page per forked sequence', () => {
		expect(kvTokensFor(17, 2, 16)).toBe((2 + 2 * 2) * 16);
	});
});
