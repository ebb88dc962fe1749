import { describe, expect, it } from 'vitest';
import { BatchSession, type BatchOptions, type BatchQuestion } from '$lib/engines/webllm/batch/session';
import { goldDraft } from '$lib/engines/webllm/batch/draft';
import { decodeIds, EOS, FakeBatchKv, greedyAlone, textIds, type FakeBatchKvOptions } from '../fakes/batch';

const CONTEXT = textIds('Context: the red key is in the blue box, the green key is under the mat.');
const WINDOW = 4096;
const ASKED = [' which box?', ' where is it?', ' what colour?', ' is it red?', ' who has it?', ' why?', ' when?', ' how many keys?', ' which key?'];
const opts = (o: Partial<BatchOptions> = {}): BatchOptions => ({ B: 3, questionPath: 'decode-steps', stopTokenIds: [EOS], contextWindow: WINDOW, decode: decodeIds, ...o });

async function reference(qs: BatchQuestion[], window = WINDOW) {
	return Promise.all(qs.map((q) => greedyAlone(CONTEXT, q.ids, { maxTokens: q.maxTokens, stop: q.stop, contextWindow: window })));
}
async function session(o: FakeBatchKvOptions = {}) {
	const kv = new FakeBatchKv(o);
	const s = new BatchSession(kv);
	await s.prefillContext(CONTEXT);
	return { kv, s };
}
const strip = (a: { ids: number[]; text: string; finishReason: string }) => ({ ids: a.ids, text: a.text, finishReason: a.finishReason });

const QUESTIONS: BatchQuestion[] = ASKED.map((q, i) => ({ ids: textIds(q), maxTokens: [3, 16, 40][i % 3] }));

describe('batched answers equal one-at-a-time greedy answers', async () => {
	const want = (await reference(QUESTIONS)).map(strip);
	it('the fixture has answers that end by EOS and by the token limit', () => {
		expect(new Set(want.map((a) => a.finishReason))).toEqual(new Set(['stop', 'length']));
	});

	for (const B of [1, 2, 3, 8])
		it(`decode steps, B = ${B}`, async () => {
			const { kv, s } = await session();
			const got = await s.answer(QUESTIONS, opts({ B }));
			expect(got.map(strip)).toEqual(want);
			expect(kv.counts.forks).toBe(QUESTIONS.length);
			expect(kv.counts.maxLiveSequences).toBe(Math.min(B, QUESTIONS.length) + 1);
			expect([...kv.seqs.keys()]).toEqual([0]); // every question sequence was removed; the context stays
			expect(kv.counts.verify).toBe(0);
		});

	it('B sequences share each decode step: far fewer forwards than one at a time', async () => {
		const { kv, s } = await session();
		await s.answer(QUESTIONS, opts({ B: 8 }));
		const alone = QUESTIONS.reduce((n, q, i) => n + q.ids.length + Math.max(0, want[i].ids.length - (want[i].finishReason === 'stop' ? 0 : 1)), 0);
		expect(kv.counts.decode).toBeLessThan(alone / 3);
		expect(kv.counts.decodedTokens).toBeGreaterThan(kv.counts.decode * 3);
	});

	it('verify without drafts: one forward per round of questions, then batched decode steps', async () => {
		const { kv, s } = await session();
		const got = await s.answer(QUESTIONS, opts({ B: 3, questionPath: 'verify' }));
		expect(got.map(strip)).toEqual(want);
		expect(got.every((a) => a.draftFed === 0)).toBe(true);
		expect(kv.counts.verifiedTokens).toBe(QUESTIONS.reduce((n, q) => n + q.ids.length, 0));
	});

	it('verify with right drafts (gold + EOS): each answer ends in its verify forward, with no decode step', async () => {
		const { kv, s } = await session();
		const qs = QUESTIONS.map((q, i) => ({ ...q, draft: goldDraft(want[i].ids, EOS) }));
		const got = await s.answer(qs, opts({ B: 3, questionPath: 'verify' }));
		expect(got.map(strip)).toEqual(want);
		expect(kv.counts.decode).toBe(0);
		expect(kv.counts.pops).toBe(0);
		expect(got.every((a) => a.forwards === 1)).toBe(true);
		// Refills start whenever a slot frees: all nine in three rounds of three.
		expect(kv.counts.verify).toBe(3);
		got.forEach((a, i) => expect(a.draftAccepted).toBe(Math.min(a.draftFed, want[i].ids.length + (want[i].finishReason === 'stop' ? 1 : 0))));
	});

	const wrong: [string, (g: number[]) => number[]][] = [
		['the first token', (g) => g.map((t, i) => (i === 0 ? t + 1 : t))],
		['a middle token', (g) => g.map((t, i) => (i === Math.floor(g.length / 2) ? t + 1 : t))],
		['the last token', (g) => g.map((t, i) => (i === g.length - 1 ? t + 1 : t))],
		['every token', (g) => g.map((t) => t + 1)],
		['nothing but an early EOS', () => [EOS]],
		['an over-long tail', (g) => [...g, ...g, ...g]]
	];
	for (const [name, spoil] of wrong)
		it(`verify with drafts wrong at ${name}: the same answers, the rest decoded in the batch`, async () => {
			const { kv, s } = await session();
			const qs = QUESTIONS.map((q, i) => ({ ...q, draft: spoil(want[i].ids) }));
			const got = await s.answer(qs, opts({ B: 4, questionPath: 'verify' }));
			expect(got.map(strip)).toEqual(want);
			expect([...kv.seqs.keys()]).toEqual([0]);
			got.forEach((a) => expect(a.draftAccepted).toBeLessThanOrEqual(a.draftFed));
		});

	it('a wrong middle token keeps exactly the tokens before it and pops the rest', async () => {
		const { kv, s } = await session();
		const i = want.reduce((best, a, j) => (a.ids.length > want[best].ids.length ? j : best), 0);
		const g = want[i].ids;
		expect(g.length).toBeGreaterThan(6);
		const draft = g.map((t, j) => (j === 4 ? t + 1 : t));
		const got = await s.answer([{ ...QUESTIONS[i], draft }], opts({ B: 1, questionPath: 'verify' }));
		expect(strip(got[0])).toEqual(want[i]);
		expect(got[0].draftAccepted).toBe(4);
		expect(s.stats.poppedTokens).toBe(got[0].draftFed - 4); // the draft is capped at maxTokens − 1
		expect(kv.counts.pops).toBe(1);
	});
});

describe('stop rules inside a batch', async () => {
	it('a stop string inside a right draft ends that answer where greedy ends it', async () => {
		const base = QUESTIONS.map((q) => ({ ...q, maxTokens: 40 }));
		const full = await reference(base);
		const qs = base.map((q, i) => {
			const t = full[i].text;
			return t.length >= 4 ? { ...q, stop: [t.slice(2, 4)] } : q;
		});
		const want = (await reference(qs)).map(strip);
		expect(want.some((a, i) => a.finishReason === 'stop' && a.text.length < full[i].text.length)).toBe(true);
		const { s } = await session();
		const got = await s.answer(qs.map((q, i) => ({ ...q, draft: goldDraft(full[i].ids, EOS) })), opts({ B: 4, questionPath: 'verify' }));
		expect(got.map(strip)).toEqual(want);
		const { s: s2 } = await session();
		expect((await s2.answer(qs, opts({ B: 4 }))).map(strip)).toEqual(want);
	});

	it('the window ends every answer where greedy of the full prompt ends it', async () => {
		const win = CONTEXT.length + 20;
		const qs = QUESTIONS.map((q) => ({ ...q, maxTokens: 40 }));
		const want = (await reference(qs, win)).map(strip);
		expect(want.some((a) => a.finishReason === 'length' && a.ids.length < 40)).toBe(true);
		for (const questionPath of ['decode-steps', 'verify'] as const) {
			const { s } = await session();
			const full = await reference(qs);
			const got = await s.answer(qs.map((q, i) => ({ ...q, draft: full[i].ids })), opts({ B: 3, questionPath, contextWindow: win }));
			expect(got.map(strip)).toEqual(want);
		}
	});

	it('maxTokens 0 answers nothing, as greedy does', async () => {
		const { s } = await session();
		const q = { ids: textIds(' why?'), maxTokens: 0 };
		const got = await s.answer([q, QUESTIONS[0]], opts({ B: 2 }));
		expect(strip(got[0])).toEqual(strip(await greedyAlone(CONTEXT, q.ids, { maxTokens: 0, contextWindow: WINDOW })));
		expect(strip(got[1])).toEqual(strip((await reference([QUESTIONS[0]]))[0]));
	});
});

describe('limits of the cache', async () => {
	const want = (await reference(QUESTIONS)).map(strip);
	it('verify forwards are packed under the chunk; a question longer than a chunk goes by decode steps', async () => {
		const { kv, s } = await session({ chunkSize: 12 });
		const qs = QUESTIONS.map((q, i) => ({ ...q, draft: want[i].ids }));
		const got = await s.answer(qs, opts({ B: 4, questionPath: 'verify' }));
		expect(got.map(strip)).toEqual(want);
		expect(kv.log.filter((f) => f.kind === 'verify').every((f) => f.tokens <= 12)).toBe(true);
		expect(got[ASKED.indexOf(' how many keys?')].draftFed).toBe(0); // 16 tokens > 12: no verify for it
	});
	it('decode steps are split at the library batch limit', async () => {
		const { kv, s } = await session({ maxBatch: 2 });
		expect((await s.answer(QUESTIONS, opts({ B: 5 }))).map(strip)).toEqual(want);
		expect(kv.log.every((f) => f.seqs.length <= 2)).toBe(true);
	});
	it('refuses a B the cache has no sequences for, or no room for', async () => {
		const { s } = await session({ maxSequences: 3 });
		await expect(s.answer(QUESTIONS, opts({ B: 3 }))).rejects.toThrow(/needs 4 sequences/);
		const { s: s2 } = await session({ capacityTokens: CONTEXT.length + 50 });
		await expect(s2.answer(QUESTIONS, opts({ B: 3 }))).rejects.toThrow(/KV tokens/);
	});
	it('refuses a question whose prompt does not fit the window', async () => {
		const { s } = await session();
		await expect(s.answer(QUESTIONS, opts({ contextWindow: CONTEXT.length + 3 }))).rejects.toThrow(/do not fit the window/);
	});
	it('a context longer than a chunk is prefilled in chunks', async () => {
		const { kv, s } = await session({ chunkSize: 16 });
		expect(kv.counts.prefill).toBe(Math.ceil(CONTEXT.length / 16));
		expect((await s.answer(QUESTIONS.slice(0, 3), opts())).map(strip)).toEqual(want.slice(0, 3));
	});
});

describe('failures and aborts', async () => {
	const want = (await reference(QUESTIONS)).map(strip);
	it('a fork that loses a token changes answers (the fake can tell a wrong KV state)', async () => {
		const { s } = await session({ brokenFork: true });
		expect((await s.answer(QUESTIONS, opts())).map(strip)).not.toEqual(want);
	});
	it('a pop that leaves a token behind is caught, and the question sequences are dropped', async () => {
		const { kv, s } = await session({ brokenPop: true });
		const qs = QUESTIONS.map((q, i) => ({ ...q, draft: want[i].ids.map((t) => t + 1) }));
		await expect(s.answer(qs, opts({ questionPath: 'verify' }))).rejects.toThrow(/after the draft/);
		expect([...kv.seqs.keys()]).toEqual([0]);
	});
	it('the context stays usable after a failed call', async () => {
		const { kv, s } = await session();
		await expect(s.answer([{ ids: [], maxTokens: 3 }], opts())).rejects.toThrow(/no tokens/);
		expect((await s.answer(QUESTIONS, opts())).map(strip)).toEqual(want);
		expect(kv.counts.prefill).toBe(Math.ceil(CONTEXT.length / kv.chunkSize)); // the context was not prefilled again
	});
	it('an abort ends the running answers and marks the unstarted ones', async () => {
		const { s } = await session();
		const ctrl = new AbortController();
		const got = await s.answer(QUESTIONS, opts({ B: 2, signal: ctrl.signal, onAnswer: (q) => q === 0 && ctrl.abort() }));
		expect(got.map((a) => a.finishReason).slice(-3)).toEqual(['abort', 'abort', 'abort']);
		expect(strip(got[0])).toEqual(want[0]);
		got.forEach((a, i) => expect(want[i].ids.slice(0, a.ids.length)).toEqual(a.ids));
	});
	it('no questions, no work; B below 1 is refused', async () => {
		const { kv, s } = await session();
		expect(await s.answer([], opts())).toEqual([]);
		await expect(s.answer(QUESTIONS, opts({ B: 0 }))).rejects.toThrow(/at least 1/);
		expect(kv.counts.forks).toBe(0);
	});
	it('refuses to answer before a context is prefilled', async () => {
		await expect(new BatchSession(new FakeBatchKv()).answer(QUESTIONS, opts())).rejects.toThrow(/prefill a context/);
	});
});
