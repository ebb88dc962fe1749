import { describe, expect, it } from 'vitest';
import { hfConfigToArch } from '$lib/convert/formats/hf-config';
import { parseSentencePieceModel, sentencePieceVocab } from '$lib/convert/formats/sentencepiece';
import { tokenizerJsonVocab } from '$lib/convert/formats/tokenizer-json';
import { ConvertError } from '$lib/convert/types';
import { writeSentencePieceModel } from '../helpers/convert/sentencepiece';
import { failure } from '../helpers/convert/failure';


describe('SentencePiece tokenizer.model', () => {
	const pieces = [
		{ piece: '<unk>', score: 0, type: 2 },
		{ piece: '<s>', score: 0, type: 3 },
		{ piece: '</s>', score: 0, type: 3 },
		{ piece: '<0x0A>', score: 0, type: 6 },
		{ piece: '▁the', score: -1.5 },
		{ piece: '▁é', score: -1000.25 },
		{ piece: '漢字', score: -3 }
	];

	it('gives every piece with its score and type, NORMAL where the type is left out, skipping other fields', () => {
		const model = writeSentencePieceModel(pieces);
		expect(parseSentencePieceModel(model)).toEqual(pieces.map((p) => ({ type: 1, ...p })));
		expect(sentencePieceVocab(model)).toEqual(['<unk>', '<s>', '</s>', '<0x0A>', '▁the', '▁é', '漢字']);
	});

	it('refuses bytes that are not a ModelProto, or one with no pieces', () => {
		const json = new TextEncoder().encode('{"model": {"vocab": {}}}');
		const e = failure(() => sentencePieceVocab(json));
		expect([e.kind, e.file]).toEqual(['format', 'tokenizer.model']);
		expect(e.message).toMatch(/^tokenizer.model is not a SentencePiece model \(.*\): is it the right file\?$/);
		const cut = writeSentencePieceModel(pieces);
		expect(failure(() => sentencePieceVocab(cut.subarray(0, cut.length - 20))).message).toMatch(/runs past the end/);
		expect(failure(() => sentencePieceVocab(new Uint8Array([0x12, 0x00]))).message).toMatch(/no pieces/);
	});
});

describe('tokenizer.json vocabulary', () => {
	it('BPE vocab plus added tokens, by id', () => {
		const text = JSON.stringify({
			added_tokens: [
				{ id: 0, content: '<unk>', special: true },
				{ id: 4, content: '<|im_end|>', special: true }
			],
			model: { type: 'BPE', vocab: { '<unk>': 0, 'Ġthe': 2, a: 1, 'é': 3 }, merges: [] }
		});
		expect(tokenizerJsonVocab(text)).toEqual(['<unk>', 'a', 'Ġthe', 'é', '<|im_end|>']);
	});

	it('Unigram vocab as [piece, score] pairs', () => {
		const text = JSON.stringify({ model: { type: 'Unigram', vocab: [['<unk>', 0], ['▁x', -2.5]] } });
		expect(tokenizerJsonVocab(text)).toEqual(['<unk>', '▁x']);
	});

	it('holes, clashes and malformed entries are named', () => {
		expect(() => tokenizerJsonVocab(JSON.stringify({ model: { vocab: { a: 0, b: 2 } } }))).toThrow(/tokenizer.json: no token has id 1 \(ids run to 2\)/);
		expect(() => tokenizerJsonVocab(JSON.stringify({ model: { vocab: { a: 0, b: 0 } } }))).toThrow(/id 0 is both "a" and "b"/);
		expect(() => tokenizerJsonVocab(JSON.stringify({ model: { vocab: { a: 'x' } } }))).toThrow(/model.vocab\["a"\] must be an integer/);
		expect(() => tokenizerJsonVocab(JSON.stringify({ model: {} }))).toThrow(/model.vocab must be a JSON object/);
		expect(() => tokenizerJsonVocab('not json')).toThrow(/tokenizer.json is not valid JSON/);
	});
});

describe('config.json', () => {
	const FILM = {
		architectures: ['MistralForCausalLM'],
		hidden_size: 4096,
		intermediate_size: 14336,
		num_hidden_layers: 32,
		num_attention_heads: 32,
		num_key_value_heads: 8,
		vocab_size: 32000,
		rope_theta: 1000000.0,
		rms_norm_eps: 1e-5,
		max_position_embeddings: 32768,
		sliding_window: null,
		torch_dtype: 'float32'
	};

	it("FILM-7B's config: head_dim from hidden/heads, untied by default", () => {
		expect(hfConfigToArch(JSON.stringify(FILM))).toEqual({
			family: 'mistral',
			declared: 'MistralForCausalLM',
			hiddenSize: 4096,
			intermediateSize: 14336,
			numLayers: 32,
			numHeads: 32,
			numKvHeads: 8,
			headDim: 128,
			vocabSize: 32000,
			ropeTheta: 1e6,
			rmsNormEps: 1e-5,
			maxPositionEmbeddings: 32768,
			slidingWindow: null,
			tieWordEmbeddings: false
		});
	});

	it('Llama maps to the mistral family; Qwen2 keeps its own, with no window when use_sliding_window is false', () => {
		expect(hfConfigToArch(JSON.stringify({ ...FILM, architectures: ['LlamaForCausalLM'], head_dim: 64, sliding_window: 4096 }))).toMatchObject({
			family: 'mistral',
			declared: 'LlamaForCausalLM',
			headDim: 64,
			slidingWindow: 4096
		});
		const qwen = { ...FILM, architectures: ['Qwen2ForCausalLM'], tie_word_embeddings: true, use_sliding_window: false, sliding_window: 32768 };
		expect(hfConfigToArch(JSON.stringify(qwen))).toMatchObject({ family: 'qwen2', tieWordEmbeddings: true, slidingWindow: null });
	});

	it('reads the RoPE base where transformers ≥ 5 writes it (rope_parameters), and refuses scaled RoPE', () => {
		const { rope_theta: _t, ...v5 } = FILM;
		const cfg = { ...v5, rope_parameters: { rope_theta: 1000000.0, rope_type: 'default' } };
		expect(hfConfigToArch(JSON.stringify(cfg)).ropeTheta).toBe(1e6);
		expect(hfConfigToArch(JSON.stringify(v5)).ropeTheta).toBeNull();
		expect(() => hfConfigToArch(JSON.stringify({ ...v5, rope_parameters: { rope_theta: 5e5, rope_type: 'yarn', factor: 4 } }))).toThrow(/scales RoPE \("yarn"\)/);
		expect(() => hfConfigToArch(JSON.stringify({ ...FILM, rope_scaling: { type: 'linear', factor: 2 } }))).toThrow(/scales RoPE \("linear"\)/);
	});

	it('refuses other architectures listing what is supported, and names bad fields', () => {
		const e = failure(() => hfConfigToArch(JSON.stringify({ ...FILM, architectures: ['GemmaForCausalLM'] })));
		expect([e.kind, e.message]).toEqual([
			'unsupported',
			'config.json: architecture GemmaForCausalLM is not supported; the converter reads MistralForCausalLM, LlamaForCausalLM, Qwen2ForCausalLM'
		]);
		expect(() => hfConfigToArch(JSON.stringify({ ...FILM, hidden_size: '4096' }))).toThrow(/hidden_size must be an integer ≥ 1 \(got "4096"\)/);
		expect(() => hfConfigToArch(JSON.stringify({ ...FILM, num_key_value_heads: 7 }))).toThrow(/not a multiple of num_key_value_heads 7/);
		expect(() => hfConfigToArch(JSON.stringify({ ...FILM, tie_word_embeddings: 'yes' }))).toThrow(/tie_word_embeddings must be true or false/);
		expect(() => hfConfigToArch(JSON.stringify({ ...FILM, architectures: undefined }))).toThrow(/architectures is missing/);
	});
});
