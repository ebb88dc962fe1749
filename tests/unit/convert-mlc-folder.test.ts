import { describe, expect, it } from 'vitest';
import { parseMlcChatConfig, parseMlcTensorCache } from '$lib/convert/formats/mlc-folder';
import { ConvertError } from '$lib/convert/types';
import { MLC_RECORDS, mlcChatConfig, mlcTensorCache } from '../helpers/convert/mlc';
import { failure } from '../helpers/convert/failure';


describe('MLC folder', () => {
	it('mlc-chat-config.json gives the architecture: position_embedding_base as the RoPE base, −1 windows kept', () => {
		const { config, quantization } = parseMlcChatConfig(JSON.stringify(mlcChatConfig()));
		expect(quantization).toBe('q4f16_1');
		expect(config).toEqual({
			family: 'mistral',
			declared: 'mistral',
			hiddenSize: 64,
			intermediateSize: 128,
			numLayers: 1,
			numHeads: 4,
			numKvHeads: 2,
			headDim: 16,
			vocabSize: 8,
			ropeTheta: 1e6,
			rmsNormEps: 1e-5,
			maxPositionEmbeddings: 32768,
			slidingWindow: -1,
			tieWordEmbeddings: false
		});
		const qwen = parseMlcChatConfig(JSON.stringify(mlcChatConfig({ model_type: 'qwen2' }, { position_embedding_base: undefined, rope_theta: 1e4, tie_word_embeddings: true })));
		expect([qwen.config.family, qwen.config.ropeTheta, qwen.config.tieWordEmbeddings]).toEqual(['qwen2', 1e4, true]);
	});

	it('refuses model types and quantizations it does not read, listing what it reads', () => {
		const e = failure(() => parseMlcChatConfig(JSON.stringify(mlcChatConfig({ quantization: 'q3f16_1' }))));
		expect([e.kind, e.message]).toEqual(['unsupported', 'mlc-chat-config.json: quantization "q3f16_1" is not read; the converter reads q4f16_1 and q4f32_1 folders']);
		expect(failure(() => parseMlcChatConfig(JSON.stringify(mlcChatConfig({ model_type: 'phi3' })))).message).toMatch(/model_type "phi3" is not supported; the converter reads mistral, llama, qwen2/);
		expect(() => parseMlcChatConfig(JSON.stringify(mlcChatConfig({}, { hidden_size: null })))).toThrow(/model_config.hidden_size must be an integer/);
	});

	it('tensor-cache.json: records become tensors (uint32 → U32, float16 → F16), shards become files', () => {
		const { cache, shardSizes } = mlcTensorCache(MLC_RECORDS, 3);
		const { files, tensors } = parseMlcTensorCache(JSON.stringify(cache));
		expect(files).toEqual(shardSizes.map((size, i) => ({ name: `params_shard_${i}.bin`, size, expectedSha256: null })));
		expect(tensors.map((t) => [t.name, t.dtype, t.file, t.offset, t.nbytes])).toEqual([
			['model.embed_tokens.q_weight', 'U32', 0, 0, 256],
			['model.embed_tokens.q_scale', 'F16', 0, 256, 32],
			['model.layers.0.input_layernorm.weight', 'F16', 0, 288, 128],
			['model.layers.0.self_attn.qkv_proj.q_weight', 'U32', 1, 0, 4096],
			['model.layers.0.self_attn.qkv_proj.q_scale', 'F16', 1, 4096, 512],
			['model.norm.weight', 'F16', 1, 4608, 128],
			['lm_head.q_weight', 'U32', 2, 0, 256],
			['lm_head.q_scale', 'F16', 2, 256, 32]
		]);
		expect(tensors[3].shape).toEqual([128, 8]);
	});

	it('f32-to-bf16 records are BF16 bytes; other dtypes, bad sizes, overlaps and unsafe paths are refused', () => {
		const bf = mlcTensorCache([{ name: 'norm', shape: [4], dtype: 'float32', format: 'f32-to-bf16' }]).cache;
		expect(parseMlcTensorCache(JSON.stringify(bf)).tensors[0]).toMatchObject({ dtype: 'BF16', nbytes: 8 });
		const edit = (fn: (shards: Record<string, unknown>[]) => void) => {
			const { cache } = mlcTensorCache(MLC_RECORDS, 4);
			fn(cache.records as Record<string, unknown>[]);
			return () => parseMlcTensorCache(JSON.stringify(cache));
		};
		const rec = (s: Record<string, unknown>[], i: number, j: number) => (s[i].records as Record<string, unknown>[])[j];
		const e = failure(edit((s) => (rec(s, 0, 1).dtype = 'int8')));
		expect([e.kind, e.message]).toEqual(['dtype', 'tensor-cache.json: tensor "model.embed_tokens.q_scale" is int8 (raw); the converter reads uint32, float16 and float32 raw records']);
		expect(edit((s) => (rec(s, 0, 1).nbytes = 30))).toThrow(/nbytes 30 but float16 \[8, 2\] needs 32/);
		expect(edit((s) => (rec(s, 0, 1).byteOffset = 200))).toThrow(/overlap/);
		expect(edit((s) => (rec(s, 0, 3).byteOffset = 10_000))).toThrow(/ends at byte \d+ of params_shard_0.bin, which has \d+/);
		expect(edit((s) => (s[1].dataPath = '../x.bin'))).toThrow(/unsafe path/);
		expect(edit((s) => (rec(s, 1, 0).name = 'model.embed_tokens.q_weight'))).toThrow(/appears twice/);
		expect(() => parseMlcTensorCache('{"records": []}')).toThrow(/records must be a non-empty list/);
	});
});
