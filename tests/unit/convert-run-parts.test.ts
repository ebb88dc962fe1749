// The conversion's bookkeeping: shards assembled from pieces in any order, where each file may resume, and the rate.
import { describe, expect, it } from 'vitest';
import { ShardAssembler } from '../../src/lib/convert/run/assemble';
import { checkpointFor, firstNeeded, pruneSnapshots } from '../../src/lib/convert/run/checkpoints';
import { createRateMeter, etaSeconds, formatDuration } from '../../src/lib/convert/run/progress';

describe('ShardAssembler', () => {
	it('completes a shard only when its last byte arrives, whatever the order', () => {
		const a = new ShardAssembler([6, 4]);
		expect(a.write(0, 4, Uint8Array.of(5, 6))).toBeNull();
		expect(a.write(1, 0, Uint8Array.of(9, 9, 9, 9))).toEqual(Uint8Array.of(9, 9, 9, 9));
		expect(a.write(0, 0, Uint8Array.of(1, 2))).toBeNull();
		expect(a.openShards).toBe(1);
		expect(a.write(0, 2, Uint8Array.of(3, 4))).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6));
		expect(a.openShards).toBe(0);
		expect(a.isDone(0)).toBe(true);
	});

	it('drops pieces aimed at shards already written (a resume) and refuses pieces past the end or twice the bytes', () => {
		const a = new ShardAssembler([4, 4], new Set([0]));
		expect(a.write(0, 0, Uint8Array.of(1, 2, 3, 4))).toBeNull();
		expect(a.openShards).toBe(0);
		expect(() => a.write(1, 2, Uint8Array.of(1, 2, 3))).toThrow(/runs past shard 1/);
		expect(() => a.write(2, 0, Uint8Array.of(1))).toThrow(/no shard 2/);
		a.write(1, 0, Uint8Array.of(1, 2, 3));
		expect(() => a.write(1, 0, Uint8Array.of(1, 2))).toThrow(/overlaps/);
	});
});

describe('resume checkpoints', () => {
	const needs = [new Map([[0, 0]]), new Map([[0, 500], [1, 0]]), new Map([[1, 300]])];
	const snaps = [100, 300, 450, 600].map((pos) => ({ pos, state: { at: pos } }));

	it('restarts each file at the latest hash state before the first byte an unwritten shard needs', () => {
		const done = new Set([0]);
		expect(firstNeeded(needs, done, 0)).toBe(500);
		expect(checkpointFor(snaps, firstNeeded(needs, done, 0))).toEqual({ pos: 450, state: { at: 450 } });
		expect(firstNeeded(needs, done, 1)).toBe(0);
		expect(checkpointFor(snaps, 0)).toEqual({ pos: 0, state: null });
	});

	it('lets a file whose shards are all written resume at its last snapshot', () => {
		expect(firstNeeded(needs, new Set([0, 1]), 0)).toBe(Infinity);
		expect(checkpointFor(snaps, Infinity).pos).toBe(600);
		expect(pruneSnapshots(snaps, 450).map((s) => s.pos)).toEqual([450, 600]);
	});
});

describe('progress figures', () => {
	it('measures the rate over the recent window, not since the start', () => {
		const m = createRateMeter(5000, 500);
		m.add(0, 0);
		expect(m.rate()).toBeNull();
		m.add(1000, 100e6);
		expect(m.rate()).toBe(100e6);
		for (let t = 2000; t <= 10000; t += 1000) m.add(t, 100e6 + (t - 1000) * 10e3); // then 10 MB/s
		expect(m.rate()).toBeCloseTo(10e6, -3);
		expect(etaSeconds(50e6, m.rate())).toBeCloseTo(5, 1);
		expect(etaSeconds(1, null)).toBeNull();
		expect(etaSeconds(0, null)).toBe(0);
	});

	it('says durations the way people read them', () => {
		expect(formatDuration(12.4)).toBe('12 s');
		expect(formatDuration(200)).toBe('3 min 20 s');
		expect(formatDuration(3900)).toBe('1 h 05 min');
		expect(formatDuration(NaN)).toBe('unknown');
	});
});
