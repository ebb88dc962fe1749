import { describe, expect, it } from 'vitest';
import mt from 'mistral-tokenizer-js';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { countAfterNewline } from '$lib/tokenize/tokenizer';

describe('Mistral tokenizer through web-tokenizers', () => {
	it('gives the reference token ids of SPEC.md §1', async () => {
		const tok = await nodeMistralTokenizer();
		expect(tok.vocabSize).toBe(32000);
		expect([tok.bosId, ...tok.encode('[INST]')]).toEqual([1, 733, 16289, 28793]);
		expect([tok.bosId, ...tok.encode('Hello world')]).toEqual([1, 22557, 1526]);
		expect([tok.bosId, ...tok.encode('### Context:')]).toEqual([1, 774, 14268, 28747]);
	});

	it('agrees with mistral-tokenizer-js on hard cases (spaces, bytes, emoji)', async () => {
		const tok = await nodeMistralTokenizer();
		const cases = ['grabbed', ' grabbed', '           grabbed', '\n', ' \n', '\ttabs\t\t\t\tout here', 'ax\n####\nboo', '镇', '🦙Ꙋ'];
		for (const c of cases) expect(Array.from(tok.encode(c)), JSON.stringify(c)).toEqual(mt.encode(c, false, true));
		expect(tok.decode(tok.encode('The llama (/ˈlɑːmə/; 🦙Spanish)'))).toBe('The llama (/ˈlɑːmə/; 🦙Spanish)');
	});

	it('counts text after a newline without the dummy prefix', async () => {
		const tok = await nodeMistralTokenizer();
		const whole = tok.encode('### Context:\ndef foo:').length;
		expect(tok.encode('### Context:\n').length + countAfterNewline(tok, 'def foo:')).toBe(whole);
	});
});
