// FILM-7B / Mistral tokenizer (SentencePiece BPE, 32,000 tokens) without any model download:
// the vocabulary and merge ranks come from mistral-tokenizer-js (MIT), and the fast path runs them through
// @mlc-ai/web-tokenizers — the same tokenizer library web-llm uses — as a Hugging Face tokenizer.json.
import type { TextTokenizer, WebTokenizerClass } from './tokenizer';

export const MISTRAL_BOS = 1;
export const MISTRAL_EOS = 2;

type Special = { id: number; content: string };
const SPECIAL: Special[] = [
	{ id: 0, content: '<unk>' },
	{ id: MISTRAL_BOS, content: '<s>' },
	{ id: MISTRAL_EOS, content: '</s>' }
];

/** A Hugging Face tokenizer.json equivalent to Mistral-7B-Instruct-v0.2's (legacy SentencePiece behaviour). */
export async function mistralTokenizerJson(): Promise<string> {
	const mt = (await import('mistral-tokenizer-js')).default;
	const vocab: Record<string, number> = {};
	mt.vocabById.forEach((piece, id) => (vocab[piece] = id));
	const merges = [...mt.merges.entries()].sort((a, b) => a[1] - b[1]).map(([pair]) => pair);
	return JSON.stringify({
		version: '1.0',
		truncation: null,
		padding: null,
		added_tokens: SPECIAL.map((s) => ({
			...s,
			single_word: false,
			lstrip: false,
			rstrip: false,
			normalized: false,
			special: true
		})),
		normalizer: {
			type: 'Sequence',
			normalizers: [
				{ type: 'Prepend', prepend: '▁' },
				{ type: 'Replace', pattern: { String: ' ' }, content: '▁' }
			]
		},
		pre_tokenizer: null,
		post_processor: null,
		decoder: {
			type: 'Sequence',
			decoders: [
				{ type: 'Replace', pattern: { String: '▁' }, content: ' ' },
				{ type: 'ByteFallback' },
				{ type: 'Fuse' },
				{ type: 'Strip', content: ' ', start: 1, stop: 0 }
			]
		},
		model: {
			type: 'BPE',
			dropout: null,
			unk_token: '<unk>',
			continuing_subword_prefix: null,
			end_of_word_suffix: null,
			fuse_unk: true,
			byte_fallback: true,
			vocab,
			merges
		}
	});
}

/** Build the Mistral tokenizer on top of a web-tokenizers class (Node and browser load that class differently). */
export async function createMistralTokenizer(Tokenizer: WebTokenizerClass): Promise<TextTokenizer> {
	const json = new TextEncoder().encode(await mistralTokenizerJson());
	const inner = await Tokenizer.fromJSON(json.buffer as ArrayBuffer);
	return {
		name: 'mistral-v0.2-sentencepiece-bpe',
		vocabSize: inner.getVocabSize(),
		bosId: MISTRAL_BOS,
		eosId: MISTRAL_EOS,
		encode: (text) => inner.encode(text),
		decode: (ids) => inner.decode(Int32Array.from(ids))
	};
}
