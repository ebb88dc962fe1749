import { describe, expect, it } from 'vitest';
import { reachInternals } from '$lib/engines/webllm/runtime';
import { PrefixSession } from '$lib/engines/webllm/kv/session';
import { createLogitTap } from '$lib/engines/webllm/kv/logit-tap';
import type { MlcEngineLike } from '$lib/engines/webllm/module';
import { FAKE_RECORD, loadFake } from '../fakes/web-llm';

const PREFIX = 'Context: alpha beta gamma delta epsilon zeta eta theta.';
const QUESTIONS = [' Q: which is first?', ' Q: which is last?', ' Q: what comes after beta?'];

async function setup(opts = {}, window = 512) {
	const tap = createLogitTap();
	const f = await loadFake(opts, window, tap);
	const r = reachInternals(f.engine as unknown as MlcEngineLike, FAKE_RECORD.model_id, { addBos: true, tap, contextWindow: window });
	if (!r.ok) throw new Error(r.missing.join());
	return { ...f, backend: r.backend, session: new PrefixSession(r.backend) };
}

describe('prefix reuse over the fake pipeline', () => {
	for (const path of ['chunk', 'decode-steps'] as const) {
		it(`answers like a full prefill (${path}), prefilling the prefix once and restoring the KV length`, async () => {
			const full = await setup();
			const expected = [];
			for (const q of QUESTIONS) expected.push((await full.session.fullPrefill(PREFIX + q, { maxTokens: 12 })).ids);
			const fullPrefilled = full.pipe.stats.prefilledTokens;

			const r = await setup();
			const P = 1 + r.backend.encode(PREFIX).length;
			for (let i = 0; i < QUESTIONS.length; i++) {
				const a = await r.session.withPrefix(PREFIX + QUESTIONS[i], PREFIX, path, { maxTokens: 12 });
				expect(a.ids).toEqual(expected[i]);
				expect(a.path).toBe(`prefix-reuse:${path}`);
				expect(r.pipe.filledLength).toBe(P);
				expect(r.pipe.kvCache.tokens.length).toBe(P);
			}
			const suffixTokens = QUESTIONS.map((q) => r.backend.encode(PREFIX + q).length - (P - 1));
			const sum = suffixTokens.reduce((a, b) => a + b, 0);
			if (path === 'chunk') {
				expect(r.pipe.stats.prefilledTokens).toBe(P + sum);
			} else {
				// decode steps: only the prefix is prefilled; each suffix token is one decode step.
				expect(r.pipe.stats.prefilledTokens).toBe(P);
			}
			expect(fullPrefilled).toBe(QUESTIONS.length * P + sum);
			expect(r.pipe.tvm.popCalls.length).toBe(QUESTIONS.length);
			expect(r.pipe.tvm.depth).toBe(0);
		});
	}

	it('gives a different answer when the KV state is wrong (the fake is sensitive to history)', async () => {
		const r = await setup({ brokenChunk: true });
		const full = await setup();
		const want = await full.session.fullPrefill(PREFIX + QUESTIONS[0], { maxTokens: 12 });
		const got = await r.session.withPrefix(PREFIX + QUESTIONS[0], PREFIX, 'chunk', { maxTokens: 12 });
		expect(got.ids).not.toEqual(want.ids);
	});

	it('falls back to a full prefill when the prompt does not start with the prefix tokens', async () => {
		const r = await setup();
		const a = await r.session.withPrefix('Other text entirely', PREFIX, 'chunk', { maxTokens: 4 });
		expect(a.path).toBe('full-prefill:no-shared-prefix');
	});

	it('refuses a prompt longer than the window with a context-window error', async () => {
		const r = await setup({}, 40);
		await expect(r.session.withPrefix(PREFIX + QUESTIONS[0], PREFIX, 'chunk', { maxTokens: 4 })).rejects.toMatchObject({ kind: 'context-window' });
		await expect(r.session.fullPrefill(PREFIX + QUESTIONS[0], { maxTokens: 4 })).rejects.toMatchObject({ kind: 'context-window' });
	});

	it('stops at the window: decoding never overfills the KV cache', async () => {
		const r = await setup({}, 80);
		const P = 1 + r.backend.encode(PREFIX + QUESTIONS[0]).length;
		const a = await r.session.fullPrefill(PREFIX + QUESTIONS[0], { maxTokens: 500 });
		expect(a.finishReason === 'length' || a.finishReason === 'stop').toBe(true);
		expect(r.pipe.filledLength).toBeLessThanOrEqual(80);
		expect(a.ids.length).toBeLessThanOrEqual(80 - P + 1);
	});

	it('re-prefills the prefix after a full-prefill request emptied the cache', async () => {
		const r = await setup();
		await r.session.withPrefix(PREFIX + QUESTIONS[0], PREFIX, 'chunk', { maxTokens: 3 });
		await r.session.fullPrefill('unrelated prompt', { maxTokens: 3 });
		const before = r.pipe.stats.prefilledTokens;
		const a = await r.session.withPrefix(PREFIX + QUESTIONS[1], PREFIX, 'chunk', { maxTokens: 3 });
		expect(a.prefixPrefillMs).toBeGreaterThanOrEqual(0);
		expect(r.pipe.stats.prefilledTokens - before).toBe(a.promptTokens);
	});

	it('stops at a stop string and streams text deltas that add up to the answer', async () => {
		const r = await setup();
		const free = await r.session.fullPrefill(PREFIX + QUESTIONS[0], { maxTokens: 12 });
		const stop = free.text.slice(3, 5);
		const deltas: string[] = [];
		const a = await r.session.fullPrefill(PREFIX + QUESTIONS[0], { maxTokens: 12, stop: [stop], onText: (d) => deltas.push(d) });
		expect(a.finishReason).toBe('stop');
		expect(a.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
		expect(deltas.join('')).toBe(a.text);
	});
});
