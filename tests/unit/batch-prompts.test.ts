import { describe, expect, it } from 'vitest';
import { draftFromGold, prepareBatch } from '$lib/engines/webllm/batch/prompts';
import { BatchSession } from '$lib/engines/webllm/batch/session';
import { decodeIds, EOS, FakeBatchKv, greedyAlone, tokenizer } from '../fakes/batch';

const encode = (t: string) => Array.from(tokenizer.encode(t));
const PREFIX = 'Context: the red key is in the blue box.';

describe('prompts to batch questions', () => {
	it('splits each prompt at the shared prefix, as the single-sequence session does', () => {
		const r = prepareBatch(encode, [1], PREFIX, [
			{ prompt: PREFIX + ' Where?', maxTokens: 4 },
			{ prompt: PREFIX + ' Which box?', maxTokens: 8, stop: ['\n'], gold: ' blue' }
		], EOS);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.contextIds).toEqual([1, ...encode(PREFIX)]);
		expect(r.questions[0].ids).toEqual(encode(PREFIX + ' Where?').slice(encode(PREFIX).length));
		expect(r.questions[1]).toMatchObject({ maxTokens: 8, stop: ['\n'] });
		expect(r.questions[1].draft).toEqual([...encode(PREFIX + ' Which box? blue').slice(encode(PREFIX + ' Which box?').length), EOS]);
	});
	it('names the prompt that does not start with the prefix', () => {
		expect(prepareBatch(encode, [], PREFIX, [{ prompt: PREFIX + ' a', maxTokens: 1 }, { prompt: 'other', maxTokens: 1 }])).toMatchObject({ ok: false, question: 1 });
	});
	it('an empty gold gives no draft', () => {
		expect(draftFromGold(encode, 'abc', '', EOS)).toEqual([]);
	});
	it('prepared questions answer as greedy answers each prompt alone', async () => {
		const prompts = [' Where?', ' Which box?', ' Why?'].map((q) => ({ prompt: PREFIX + q, maxTokens: 12, gold: ' in the box' }));
		const r = prepareBatch(encode, [], PREFIX, prompts, EOS);
		if (!r.ok) throw new Error(r.reason);
		const s = new BatchSession(new FakeBatchKv());
		await s.prefillContext(r.contextIds);
		const got = await s.answer(r.questions, { B: 2, questionPath: 'verify', stopTokenIds: [EOS], contextWindow: 512, decode: decodeIds });
		for (const [i, p] of prompts.entries()) {
			const want = await greedyAlone([], encode(p.prompt), { maxTokens: 12, contextWindow: 512 });
			expect(got[i].text).toBe(want.text);
		}
	});
});
