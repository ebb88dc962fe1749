import { describe, expect, it } from 'vitest';
import { acceptDraft, draftBudget, goldDraft } from '$lib/engines/webllm/batch/draft';
import { AnswerBuilder, type FinishedAnswer } from '$lib/engines/webllm/batch/answer';
import { argmax } from '$lib/engines/webllm/batch/kv';
import { decodeGreedy } from '$lib/engines/webllm/kv/greedy';
import { decodeIds, EOS, logitsFor, singleSequenceBackend, textIds } from '../fakes/batch';

describe('acceptDraft', () => {
	it('accepts the whole draft when every token is the argmax one position earlier', () => {
		expect(acceptDraft([5, 6, 7], [5, 6, 7, 8])).toEqual({ accepted: 3, next: 8 });
	});
	it('an empty draft accepts nothing and takes the question position argmax', () => {
		expect(acceptDraft([], [9])).toEqual({ accepted: 0, next: 9 });
	});
	it('a mismatch at the first, a middle or the last token keeps the agreeing prefix and greedy’s token there', () => {
		expect(acceptDraft([5, 6, 7], [4, 6, 7, 8])).toEqual({ accepted: 0, next: 4 });
		expect(acceptDraft([5, 6, 7], [5, 1, 7, 8])).toEqual({ accepted: 1, next: 1 });
		expect(acceptDraft([5, 6, 7], [5, 6, 2, 8])).toEqual({ accepted: 2, next: 2 });
	});
	it('never accepts past a mismatch, even where later tokens agree again', () => {
		expect(acceptDraft([5, 6, 7, 8], [5, 0, 7, 8, 9])).toEqual({ accepted: 1, next: 0 });
	});
	it('refuses argmaxes that do not cover the draft plus one position', () => {
		expect(() => acceptDraft([1, 2], [1, 2])).toThrow(/need 3/);
	});
});

describe('draftBudget', () => {
	const room = { maxTokens: 10, promptTokens: 100, contextWindow: 1000 };
	it('feeds at most maxTokens − 1 draft tokens: greedy never looks past its last token', () => {
		expect(draftBudget(30, room)).toBe(9);
		expect(draftBudget(4, room)).toBe(4);
		expect(draftBudget(4, { ...room, maxTokens: 1 })).toBe(0);
		expect(draftBudget(4, { ...room, maxTokens: 0 })).toBe(0);
	});
	it('feeds no draft token greedy could not feed inside the window', () => {
		expect(draftBudget(30, { ...room, contextWindow: 103 })).toBe(3);
		expect(draftBudget(30, { ...room, contextWindow: 100 })).toBe(0);
	});
	it('goldDraft appends EOS so a right answer ends in the same forward', () => {
		expect(goldDraft([4, 5], 2)).toEqual([4, 5, 2]);
		expect(goldDraft([4, 5], undefined)).toEqual([4, 5]);
	});
});

// The pure pipeline of one question: draft through a verify (argmax at every fed position), accepted tokens and the
// next one through the stop rules, then greedy steps for the rest. Must equal decodeGreedy exactly, for every draft.
const CONTEXT = textIds('the red key is in the blue box');
// Greedy answers this with 13 tokens then EOS: long enough to hide mismatches in, and it ends by EOS at maxTokens ≥ 14.
const QUESTION = textIds(' which box?');

async function viaDraft(draft: number[], maxTokens: number, stop: string[] = [], contextWindow = 4096): Promise<FinishedAnswer> {
	const prompt = [...CONTEXT, ...QUESTION];
	const b = new AnswerBuilder({ maxTokens, stop, stopTokenIds: [EOS], promptTokens: prompt.length, contextWindow, decode: decodeIds });
	if (b.finished) return b.finished;
	const n = draftBudget(draft.length, { maxTokens, promptTokens: prompt.length, contextWindow });
	const d = draft.slice(0, n);
	const arg = [...Array(n + 1).keys()].map((j) => argmax(logitsFor([...prompt, ...d.slice(0, j)])));
	const v = acceptDraft(d, arg);
	const hist = [...prompt, ...d.slice(0, v.accepted)];
	for (const t of d.slice(0, v.accepted)) {
		const done = b.push(t);
		if (done) return done;
	}
	let tok = v.next;
	for (;;) {
		const done = b.push(tok);
		if (done) return done;
		hist.push(tok);
		tok = argmax(logitsFor(hist));
	}
}

async function plain(maxTokens: number, stop: string[] = [], contextWindow = 4096) {
	const b = singleSequenceBackend(contextWindow);
	const first = await b.forward([...CONTEXT, ...QUESTION], true);
	const r = await decodeGreedy(b, first, { maxTokens, stop });
	return { ids: r.ids, text: r.text, finishReason: r.finishReason };
}

describe('a draft never changes the greedy answer', async () => {
	const gold = (await plain(40)).ids;
	it('the fixture answer is long enough to hide mismatches in', async () => {
		expect(gold.length).toBeGreaterThanOrEqual(6);
		expect((await plain(40)).finishReason).toBe('stop'); // ends by EOS, so EOS inside and after drafts is covered
	});
	const cases: [string, () => number[]][] = [
		['empty', () => []],
		['right', () => gold],
		['right + EOS', () => goldDraft(gold, EOS)],
		['over-long', () => [...gold, ...gold, ...gold]],
		['wrong first token', () => [gold[0] + 1, ...gold.slice(1)]],
		['wrong middle token', () => gold.map((t, i) => (i === 3 ? t + 1 : t))],
		['wrong last token', () => gold.map((t, i) => (i === gold.length - 1 ? t + 1 : t))],
		['all wrong', () => gold.map((t) => t + 1)],
		['EOS too early', () => [gold[0], EOS]]
	];
	for (const max of [1, 2, 5, 12, 40])
		for (const [name, draft] of cases)
			it(`${name}, maxTokens ${max}`, async () => {
				expect(await viaDraft(draft(), max)).toEqual(await plain(max));
			});

	it('a stop string inside the draft ends the answer there, as greedy does', async () => {
		const text = decodeIds(gold);
		// A two-character stop string that first occurs in the middle of the answer.
		const at = [...text].findIndex((_, i) => i >= 2 && i + 2 <= text.length && text.indexOf(text.slice(i, i + 2)) === i);
		expect(at).toBeGreaterThan(0);
		const stop = text.slice(at, at + 2);
		const want = await plain(40, [stop]);
		expect(want.finishReason).toBe('stop');
		expect(want.text.length).toBeLessThan(text.length);
		for (const [, draft] of cases) expect(await viaDraft(draft(), 40, [stop])).toEqual(want);
	});
	it('the window ends a drafted answer where it ends a greedy one', async () => {
		const win = CONTEXT.length + QUESTION.length + 3;
		const want = await plain(40, [], win);
		expect(want.ids.length).toBeLessThan(40);
		for (const [, draft] of cases) expect(await viaDraft(draft(), 40, [], win)).toEqual(want);
	});
	it('maxTokens 0 gives the empty answer greedy gives', async () => {
		expect(await viaDraft(gold, 0)).toEqual(await plain(0));
	});
});

describe('AnswerBuilder', () => {
	const rules = { maxTokens: 5, stopTokenIds: [EOS], promptTokens: 10, contextWindow: 100, decode: decodeIds };
	it('an EOS ends the answer without being kept', () => {
		const b = new AnswerBuilder(rules);
		expect(b.push(textIds('a')[0])).toBeNull();
		expect(b.push(EOS)).toEqual({ ids: textIds('a'), text: 'a', finishReason: 'stop' });
	});
	it('an abort ends the answer after the token it came with', () => {
		const b = new AnswerBuilder(rules);
		expect(b.push(textIds('a')[0], true)).toEqual({ ids: textIds('a'), text: 'a', finishReason: 'abort' });
	});
	it('refuses tokens after the end', () => {
		const b = new AnswerBuilder(rules);
		b.push(EOS);
		expect(() => b.push(EOS)).toThrow(/after the answer finished/);
	});
});
