import { describe, expect, it } from 'vitest';
import { costsAt, formatDuration, interpolate, predictRun, VAL_PLAN } from '$lib/speed/predict';
import type { SpeedRow } from '$lib/speed/types';

// The H100 rig's figures (real-engine/NOTES.md, "On a real GPU"): 40-token questions, decode rates at N.
function row(n: number, prefillS: number, decodeTokS: number, qChunkS: number, qDecodeS: number): SpeedRow {
	return {
		n, prefillS, prefillTokS: n / prefillS, decodeSteps: 16, decodeS: 16 / decodeTokS, decodeTokS,
		questionTokens: 40, questionChunkS: qChunkS, questionDecodeS: qDecodeS, kvRestored: true
	};
}
const RIG = [row(1024, 3.1, 15.2, 0.24, 2.8), row(4096, 14.3, 13.5, 0.33, 2.3), row(16384, 101.6, 5.9, 0.66, 6.2), row(32000, 303, 3.5, 1.08, 11.0)];

describe('interpolate', () => {
	const pts: [number, number][] = [[1, 10], [3, 30], [7, 40]];
	it('is exact at the points and linear between them', () => {
		expect(interpolate(pts, 3)).toBe(30);
		expect(interpolate(pts, 2)).toBe(20);
		expect(interpolate(pts, 5)).toBe(35);
	});
	it('extends the end segments outside the range, never below the cheapest measured cost', () => {
		expect(interpolate(pts, 11)).toBeCloseTo(50);
		expect(interpolate([[1, 10], [2, 5]], 10)).toBe(5);
		expect(interpolate([[4, 2]], 100)).toBe(2);
	});
	it('refuses to invent a cost from nothing', () => {
		expect(() => interpolate([], 1)).toThrow(/nothing measured/);
	});
});

describe('predictRun on the rig figures', () => {
	const p = predictRun(RIG, { ...VAL_PLAN, contextTokens: 32000 });
	const by = Object.fromEntries(p.paths.map((x) => [x.path, x]));
	it('reproduces the notes: ≈ 19 h with prefix reuse and decoded answers', () => {
		// 12 × 303 s + 9,400 × (1.08 s + 20 / 3.5 tok/s)
		const expected = 12 * 303 + 9400 * (1.08 + 20 / 3.5);
		expect(by['chunk'].totalS).toBeCloseTo(expected, 0);
		expect(by['chunk'].totalS / 3600).toBeGreaterThan(18);
		expect(by['chunk'].totalS / 3600).toBeLessThan(20);
	});
	it('reproduces the notes: ≈ 34 days with a full prefill per question', () => {
		expect(by['full-prefill'].contextPrefillS).toBe(0);
		expect(by['full-prefill'].totalS / 86400).toBeGreaterThan(33);
		expect(by['full-prefill'].totalS / 86400).toBeLessThan(35);
	});
	it('charges decode-step questions at the measured per-token step cost', () => {
		expect(by['decode-steps'].questionS).toBeCloseTo(9400 * 11.0, 0);
		expect(by['decode-steps'].totalS).toBeGreaterThan(by['chunk'].totalS);
	});
	it('parts add up to the total, and the plan within the ladder is not extrapolated', () => {
		for (const x of p.paths) expect(x.contextPrefillS + x.questionS + x.answerS).toBeCloseTo(x.totalS, 6);
		expect(predictRun(RIG, { ...VAL_PLAN, contextTokens: 16000 }).extrapolated).toBe(false);
	});
});

describe('predictRun from a short ladder', () => {
	const short = RIG.slice(0, 3);
	it('flags extrapolation past 16K and extends the per-token costs', () => {
		const p = predictRun(short, VAL_PLAN);
		expect(p.extrapolated).toBe(true);
		expect(p.measuredUpTo).toBe(16384);
		// per-token prefill cost keeps rising past 16K: 32K costs more than twice 16K
		expect(32768 * p.at.prefillPerTokenS).toBeGreaterThan(2 * 101.6);
		expect(p.at.decodeStepS).toBeGreaterThan(1 / 5.9);
	});
	it('uses the measured numbers: doubling every cost doubles the prediction', () => {
		const slow = short.map((r) => ({ ...r, prefillS: r.prefillS * 2, decodeS: r.decodeS * 2, questionChunkS: r.questionChunkS * 2, questionDecodeS: r.questionDecodeS * 2 }));
		const a = predictRun(short).paths, b = predictRun(slow).paths;
		for (let i = 0; i < a.length; i++) expect(b[i].totalS).toBeCloseTo(2 * a[i].totalS, 6);
	});
	it('costsAt returns the measured per-token costs at a rung', () => {
		const c = costsAt(short, 4096);
		expect(c.prefillPerTokenS).toBeCloseTo(14.3 / 4096, 12);
		expect(c.decodeStepS).toBeCloseTo(1 / 13.5, 12);
		expect(c.questionChunkPerTokenS).toBeCloseTo(0.33 / 40, 12);
	});
});

describe('formatDuration', () => {
	it('picks a readable unit', () => {
		expect(formatDuration(4.2)).toBe('4.20 s');
		expect(formatDuration(600)).toBe('10.0 min');
		expect(formatDuration(67_000)).toBe('18.6 h');
		expect(formatDuration(2.9e6)).toBe('33.6 days');
		expect(formatDuration(NaN)).toBe('–');
	});
});
