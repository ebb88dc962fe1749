import { describe, expect, it } from 'vitest';
import { archDifferences, libraryShapes, LIBRARY_CONSTANTS } from '$lib/convert/model/arch';
import type { ArchConfig } from '$lib/convert/types';
import { TOY, toyConfig, toyLibrary } from '../helpers/convert-model';

const mistral = toyLibrary('mistral', 'q4f32_1');
const qwen = toyLibrary('qwen2', 'q4f32_1');
const diff = (over: Partial<ArchConfig>, lib = mistral, family: 'mistral' | 'qwen2' = 'mistral') =>
	archDifferences(toyConfig(family, TOY, over), lib, 'q4f32_1');

describe('source architecture against the library', () => {
	it('finds nothing when they fit, for both families', () => {
		expect(diff({})).toEqual([]);
		expect(diff({}, qwen, 'qwen2')).toEqual([]);
		expect(diff({ declared: 'llama' })).toEqual([]); // a GGUF llama file is a Mistral-family source
	});

	it('reads hidden, intermediate and a fixed vocabulary off the library’s shapes', () => {
		expect(libraryShapes(mistral)).toEqual({ hidden: 64, intermediate: 96, vocab: null, hasLmHead: true });
		expect(libraryShapes(qwen)).toEqual({ hidden: 64, intermediate: 96, vocab: 40, hasLmHead: false });
	});

	it('says each difference in a sentence', () => {
		expect(diff({ numLayers: 40 })).toEqual(['the source has 40 layers, the library 2']);
		expect(diff({ numHeads: 8 })).toEqual(['the source has 8 attention heads, the library 4']);
		expect(diff({ numKvHeads: 4 })).toEqual(['the source has 4 key-value heads, the library 2']);
		expect(diff({ headDim: 8 })).toEqual(["the source's head_dim is 8, the library's 16"]);
		expect(diff({ hiddenSize: 5120 })).toEqual(["the source's hidden size is 5,120, the library's 64"]);
		expect(diff({ intermediateSize: 11008 })).toEqual(["the source's feed-forward (intermediate) size is 11,008, the library's 96"]);
		expect(diff({ vocabSize: 32000 }, qwen, 'qwen2')).toEqual(['the source has a vocabulary of 32,000 tokens, the library 40']);
		expect(diff({ vocabSize: 32768 })).toEqual([]); // the Mistral library leaves vocab_size to the weights
	});

	it('checks the constants the library compiles in', () => {
		expect(LIBRARY_CONSTANTS.mistral).toEqual({ family: 'mistral', ropeTheta: 1e6, rmsNormEps: 1e-5 });
		expect(LIBRARY_CONSTANTS.qwen2).toEqual({ family: 'qwen2', ropeTheta: 1e6, rmsNormEps: 1e-6 });
		expect(diff({ ropeTheta: 10000 })).toEqual(["the source's RoPE base (rope_theta) is 10,000, the library's 1,000,000"]);
		expect(diff({ ropeTheta: null })).toEqual(['the source does not state its RoPE base (rope_theta); the library is built for 1,000,000']);
		expect(diff({ rmsNormEps: 1e-6 })).toEqual(["the source's rms_norm_eps is 1e-6, the library's 1e-5"]);
		expect(diff({ rmsNormEps: 1e-5 }, qwen, 'qwen2')).toEqual(["the source's rms_norm_eps is 1e-5, the library's 1e-6"]);
		expect(diff({ rmsNormEps: null })).toEqual(['the source does not state its rms_norm_eps; the library is built for 1e-5']);
		expect(diff({ rmsNormEps: Math.fround(1e-5) })).toEqual([]); // GGUF stores it as f32
	});

	it('refuses a sliding window shorter than the source’s positions, and a sliding-window library', () => {
		expect(diff({ slidingWindow: 4096 })).toEqual([
			'the source attends through a sliding window of 4,096 tokens, shorter than its 32,768 positions; the library attends to the whole context'
		]);
		expect(diff({ slidingWindow: 32768 })).toEqual([]);
		expect(diff({ slidingWindow: 131072 })).toEqual([]);
		expect(diff({ slidingWindow: -1 })).toEqual([]);
		expect(diff({ slidingWindow: 4096, maxPositionEmbeddings: null })).toEqual([
			'the source attends through a sliding window of 4,096 tokens; the library attends to the whole context'
		]);
		expect(archDifferences(toyConfig('mistral'), { ...mistral, slidingWindowSize: 4096 }, 'q4f32_1')).toEqual([
			'the library is built with a sliding window of 4,096 tokens; the evaluator needs one that attends to the whole context'
		]);
	});

	it('handles tied embeddings: a tied source fits a library with lm_head; an untied one needs it', () => {
		expect(diff({ tieWordEmbeddings: true })).toEqual([]);
		expect(diff({ tieWordEmbeddings: false }, qwen, 'qwen2')).toEqual([
			'the source has its own output layer (lm_head), but the library reuses the embedding in its place'
		]);
	});

	it('names the family, the quantization, and libraries it knows nothing about', () => {
		expect(archDifferences(toyConfig('qwen2'), mistral, 'q4f32_1')).toContain('the source is a qwen2 model (Qwen2ForCausalLM), the library a mistral one');
		expect(archDifferences(toyConfig('mistral'), mistral, 'q4f16_1')).toEqual(['the library is built for q4f32_1, but this conversion makes q4f16_1']);
		expect(archDifferences(toyConfig('mistral'), { ...mistral, modelType: 'llama' }, 'q4f32_1')).toEqual([
			'this converter does not know what a "llama" library compiles in (RoPE base, norm epsilon), so it cannot check a source against it'
		]);
		expect(archDifferences(toyConfig('mistral'), { ...mistral, kvCache: null }, 'q4f32_1')).toEqual([
			'the library does not describe its KV cache, so its layer and head counts cannot be checked'
		]);
	});

	it('lists every difference at once', () => {
		expect(diff({ numLayers: 40, hiddenSize: 5120, ropeTheta: 1e4 })).toHaveLength(3);
	});
});
