import { describe, expect, it } from 'vitest';
import {
	bundledMistralVocab,
	cacheFiles,
	checkMistralVocab,
	CONVERTER_VERSION,
	mlcChatConfig,
	mlcTextFiles,
	tokenizerJsonFor
} from '$lib/convert/mlc-files';
import { planConversion } from '$lib/convert/model/plan';
import { ConvertError, type SourceModel } from '$lib/convert/types';
import { mistralTokenizerJson } from '$lib/tokenize/mistral';
import { toyHfSource, toyLibrary } from '../helpers/convert-model';

const lib = toyLibrary('mistral', 'q4f32_1');

describe('tensor-cache.json / ndarray-cache.json', () => {
	it('lists the plan’s shards and records, raw, under both names', async () => {
		const plan = await planConversion(toyHfSource('mistral'), lib, 'q4f32_1', { shardBytes: 4096 });
		const files = cacheFiles(plan);
		expect(files['ndarray-cache.json']).toBe(files['tensor-cache.json']);
		const cache = JSON.parse(files['tensor-cache.json']) as {
			metadata: { ParamSize: number; ParamBytes: number };
			records: { dataPath: string; format: string; nbytes: number; records: { name: string; format: string; byteOffset: number; nbytes: number; dtype: string; shape: number[] }[] }[];
		};
		expect(cache.records.map((r) => [r.dataPath, r.nbytes])).toEqual(plan.shards.map((s) => [s.dataPath, s.nbytes]));
		expect(cache.records.every((r) => r.format === 'raw-shard' && r.records.every((t) => t.format === 'raw'))).toBe(true);
		expect(cache.metadata.ParamSize).toBe(lib.params.length);
		const qkv = plan.tensors.find((t) => t.name === 'model.layers.0.self_attn.qkv_proj')!.outputs[1];
		const rec = cache.records[qkv.shard].records.find((r) => r.name === qkv.name)!;
		expect(rec).toEqual({ name: qkv.name, shape: [128, 2], dtype: 'float32', format: 'raw', nbytes: 1024, byteOffset: qkv.byteOffset });
		expect(plan.converterVersion).toBe(CONVERTER_VERSION);
	});
});

describe('mlc-chat-config.json', () => {
	it('has the Mistral template, the 32K window, a plain KV cache and neutral sampling', async () => {
		const src = toyHfSource('mistral');
		const plan = await planConversion(src, lib, 'q4f32_1');
		const c = mlcChatConfig(plan, lib, src.config) as Record<string, unknown> & { conv_template: Record<string, unknown>; model_config: Record<string, unknown> };
		expect(c).toMatchObject({
			model_type: 'mistral',
			quantization: 'q4f32_1',
			vocab_size: 40,
			context_window_size: 32768,
			sliding_window_size: -1,
			attention_sink_size: 0,
			prefill_chunk_size: lib.prefillChunkSize,
			temperature: 0,
			top_p: 1,
			repetition_penalty: 1,
			frequency_penalty: 0,
			presence_penalty: 0,
			tokenizer_files: ['tokenizer.json'],
			bos_token_id: 1,
			eos_token_id: 2
		});
		expect(c.conv_template).toMatchObject({
			name: 'mistral_default',
			system_template: '[INST] {system_message}',
			roles: { user: '[INST]', assistant: '[/INST]', tool: '[INST]' },
			seps: [' '],
			role_content_sep: ' ',
			role_empty_sep: '',
			stop_str: ['</s>'],
			stop_token_ids: [2],
			system_prefix_token_ids: [1],
			add_role_after_system_message: false
		});
		expect(c.model_config).toMatchObject({ num_hidden_layers: 2, num_key_value_heads: 2, rope_theta: 1e6, rms_norm_eps: 1e-5, sliding_window_size: -1 });
		expect(mlcChatConfig(plan, lib, src.config, { contextWindowSize: 8192 }).context_window_size).toBe(8192);
	});

	it('uses Qwen2’s own template and ids for a Qwen2 conversion', async () => {
		const qlib = toyLibrary('qwen2', 'q4f32_1');
		const src = toyHfSource('qwen2');
		const c = mlcChatConfig(await planConversion(src, qlib, 'q4f32_1'), qlib, src.config) as { conv_template: { name: string; stop_token_ids: number[] } };
		expect(c.conv_template.name).toBe('qwen2');
		expect(c.conv_template.stop_token_ids).toEqual([151643, 151645]);
	});
});

describe('tokenizer.json and the Mistral vocabulary check', () => {
	it('accepts the bundled vocabulary itself', async () => {
		const v = await bundledMistralVocab();
		expect(v.length).toBe(32000);
		expect(v.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
		expect(await checkMistralVocab(v)).toEqual({ same: true, size: 32000 });
	});

	it('says where a vocabulary first differs', async () => {
		const v = await bundledMistralVocab();
		const changed = [...v];
		changed[28793] = '▁[INST]';
		expect(await checkMistralVocab(changed)).toEqual({
			same: false,
			index: 28793,
			message: `token 28,793 is "▁[INST]" in the source but ${JSON.stringify(v[28793])} in the bundled Mistral v0.2 tokenizer`
		});
		const v03 = [...v, ...Array.from({ length: 768 }, (_, i) => `[control_${i}]`)];
		expect(await checkMistralVocab(v03)).toEqual({
			same: false,
			index: 32000,
			message: 'the source has 32,768 tokens, the bundled Mistral v0.2 tokenizer 32,000 (the first 32,000 agree)'
		});
		expect((await checkMistralVocab(v.slice(0, 100))).same).toBe(false);
	});

	it('writes the bundled tokenizer for a Mistral source whose vocabulary matches, and refuses one that does not', async () => {
		const v = await bundledMistralVocab();
		const src: SourceModel = { ...toyHfSource('mistral'), vocab: v };
		expect(await tokenizerJsonFor(src)).toBe(await mistralTokenizerJson());
		const other = await tokenizerJsonFor({ ...src, vocab: v.map((p, i) => (i === 5 ? 'x' : p)) }).catch((e: unknown) => e);
		expect(other).toBeInstanceOf(ConvertError);
		expect((other as ConvertError).kind).toBe('mismatch');
		expect((other as Error).message).toMatch(/^the source's tokenizer is not Mistral v0\.2's: token 5 is "x"/);
		await expect(tokenizerJsonFor({ ...src, vocab: null })).rejects.toThrow(/carries no vocabulary/);
	});

	it('copies a Qwen2 source’s own tokenizer.json, and says when there is none', async () => {
		const src: SourceModel = { ...toyHfSource('qwen2'), tokenizerJson: '{"model":{"type":"BPE"}}' };
		expect(await tokenizerJsonFor(src)).toBe('{"model":{"type":"BPE"}}');
		await expect(tokenizerJsonFor({ ...src, tokenizerJson: null })).rejects.toThrow(/no tokenizer\.json to copy/);
	});

	it('gathers every small file of the folder', async () => {
		const src: SourceModel = { ...toyHfSource('mistral'), vocab: await bundledMistralVocab() };
		const plan = await planConversion(src, lib, 'q4f32_1');
		const files = await mlcTextFiles(plan, lib, src);
		expect(Object.keys(files).sort()).toEqual(['mlc-chat-config.json', 'ndarray-cache.json', 'tensor-cache.json', 'tokenizer.json']);
		expect(JSON.parse(files['mlc-chat-config.json']).context_window_size).toBe(32768);
	});
});
