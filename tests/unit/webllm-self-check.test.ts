import { describe, expect, it } from 'vitest';
import { MISSING_PIPELINE_MAP, reachInternals } from '$lib/engines/webllm/runtime';
import { choosePath, runSelfCheck, maxAbsDiff } from '$lib/engines/webllm/kv/self-check';
import { createLogitTap } from '$lib/engines/webllm/kv/logit-tap';
import type { MlcEngineLike } from '$lib/engines/webllm/module';
import { FAKE_RECORD, loadFake, type FakeOptions } from '../fakes/web-llm';

async function check(opts: FakeOptions, withTap = true) {
	const tap = withTap ? createLogitTap() : undefined;
	const f = await loadFake(opts, 256, tap);
	const r = reachInternals(f.engine as unknown as MlcEngineLike, FAKE_RECORD.model_id, { addBos: true, tap, contextWindow: 256 });
	if (!r.ok) throw new Error(r.missing.join());
	return { report: await runSelfCheck(r.backend), pipe: f.pipe };
}

describe('reuse self-check', () => {
	it('picks the chunk path when every path matches, and leaves the cache empty', async () => {
		const { report, pipe } = await check({});
		expect(report.path).toBe('chunk');
		expect(report.maxAbsDiff.chunk).toBe(0);
		expect(report.maxAbsDiff['decode-steps']).toBe(0);
		expect(report.contextSignal).toBeGreaterThan(0.1);
		expect(report.kvRestored).toBe(true);
		expect(pipe.filledLength).toBe(0);
	});

	it('chooses decode steps when a multi-token prefill on a cached prefix is wrong', async () => {
		const { report } = await check({ brokenChunk: true });
		expect(report.maxAbsDiff.chunk).toBeGreaterThan(0.1);
		expect(report.maxAbsDiff['decode-steps']).toBe(0);
		expect(report.path).toBe('decode-steps');
	});

	it('refuses reuse when popping leaves the cache wrong', async () => {
		const { report } = await check({ brokenPop: true });
		expect(report.path).toBe('none');
	});

	it('reads logits through the tap where web-llm (0.2.86) copies them only for a logit processor', async () => {
		expect((await check({ logitsOnlyWithProcessor: true })).report.path).toBe('chunk');
		const without = await check({ logitsOnlyWithProcessor: true }, false);
		expect(without.report.path).toBe('none');
		expect(without.report.reason).toMatch(/no logits/);
	});

	it('reports which internals are missing instead of reusing', async () => {
		const f = await loadFake({ noInternals: true });
		const r = reachInternals(f.engine as unknown as MlcEngineLike, FAKE_RECORD.model_id, { addBos: true, contextWindow: 256 });
		expect(r).toEqual({ ok: false, missing: [MISSING_PIPELINE_MAP] });
	});
});

describe('path choice', () => {
	it('takes the fastest path within both bounds', () => {
		expect(choosePath({ chunk: 5e-4, 'decode-steps': 1e-6 }, 3, true).path).toBe('chunk');
		expect(choosePath({ chunk: 2.5, 'decode-steps': 5e-6 }, 2.6, true).path).toBe('decode-steps');
	});
	it('needs a context signal 100× the difference', () => {
		expect(choosePath({ chunk: 5e-5, 'decode-steps': 5e-5 }, 3e-3, true).path).toBe('none');
		expect(choosePath({ chunk: 0, 'decode-steps': 0 }, 0, true).path).toBe('none');
	});
	it('refuses when the KV length was not restored', () => {
		expect(choosePath({ chunk: 0 }, 3, false).path).toBe('none');
	});
	it('measures max |Δ| and treats NaN as a mismatch', () => {
		expect(maxAbsDiff(Float32Array.of(1, 2, 3), Float32Array.of(1, 2.5, 2))).toBe(1);
		expect(maxAbsDiff(Float32Array.of(1, NaN), Float32Array.of(1, 2))).toBe(Infinity);
		expect(maxAbsDiff(Float32Array.of(1), Float32Array.of(1, 2))).toBe(Infinity);
	});
});
