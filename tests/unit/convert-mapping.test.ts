import { describe, expect, it } from 'vitest';
import { mapTensors, type TensorJob } from '$lib/convert/model/mapping';
import { ConvertError, type SourceModel } from '$lib/convert/types';
import { TOY, toyGgufSource, toyHfSource, toyLibrary, toyMlcSource } from '../helpers/convert-model';

const job = (jobs: TensorJob[], name: string) => {
	const j = jobs.find((x) => x.name === name);
	if (!j) throw new Error(`no job ${name}`);
	return j;
};
const partNames = (j: TensorJob) => j.parts.map((p) => p.tensor.name);

function errorOf(f: () => unknown): ConvertError {
	try {
		f();
	} catch (e) {
		if (e instanceof ConvertError) return e;
		throw e;
	}
	throw new Error('no error');
}
function without(src: SourceModel, name: string): SourceModel {
	return { ...src, tensors: src.tensors.filter((t) => t.name !== name) };
}
function reshaped(src: SourceModel, name: string, shape: number[]): SourceModel {
	return { ...src, tensors: src.tensors.map((t) => (t.name === name ? { ...t, shape } : t)) };
}

describe('Hugging Face → MLC', () => {
	const lib = toyLibrary('mistral', 'q4f32_1');
	const jobs = mapTensors(toyHfSource('mistral'), lib, 'q4f32_1');

	it('makes one job per quantized pair and per norm, covering every library parameter once', () => {
		const outputs = jobs.flatMap((j) => j.outputs.map((o) => o.name));
		expect(outputs.sort()).toEqual(lib.params.map((p) => p.name).sort());
		expect(jobs.map((j) => j.name).slice(0, 6)).toEqual([
			'model.embed_tokens',
			'model.layers.0.self_attn.qkv_proj',
			'model.layers.0.self_attn.o_proj',
			'model.layers.0.mlp.gate_up_proj',
			'model.layers.0.mlp.down_proj',
			'model.layers.0.input_layernorm.weight'
		]);
	});

	it('concatenates q, k, v and gate, up in row order, and sets vocab_size from the source', () => {
		const qkv = job(jobs, 'model.layers.1.self_attn.qkv_proj');
		expect(partNames(qkv)).toEqual(['q_proj', 'k_proj', 'v_proj'].map((x) => `model.layers.1.self_attn.${x}.weight`));
		expect(qkv.parts.map((p) => p.rows)).toEqual([64, 32, 32]);
		expect([qkv.rows, qkv.cols, qkv.op]).toEqual([128, 64, 'quantize']);
		expect(qkv.outputs.map((o) => [o.name, o.shape, o.dtype])).toEqual([
			['model.layers.1.self_attn.qkv_proj.q_weight', [128, 8], 'uint32'],
			['model.layers.1.self_attn.qkv_proj.q_scale', [128, 2], 'float32']
		]);
		expect(partNames(job(jobs, 'model.layers.0.mlp.gate_up_proj'))).toEqual([
			'model.layers.0.mlp.gate_proj.weight',
			'model.layers.0.mlp.up_proj.weight'
		]);
		expect(job(jobs, 'model.embed_tokens').outputs[0].shape).toEqual([TOY.vocab, 8]);
		expect(partNames(job(jobs, 'lm_head'))).toEqual(['lm_head.weight']);
		const norm = job(jobs, 'model.norm.weight');
		expect([norm.op, norm.rows, norm.cols, partNames(norm)]).toEqual(['cast', 64, 1, ['model.norm.weight']]);
		expect(jobs.every((j) => j.parts.every((p) => p.transform.kind === 'none'))).toBe(true);
	});

	it('makes lm_head from the embedding when the source ties them', () => {
		const tied = without(toyHfSource('mistral', TOY, 'BF16', { tieWordEmbeddings: true }), 'lm_head.weight');
		expect(partNames(job(mapTensors(tied, lib, 'q4f32_1'), 'lm_head'))).toEqual(['model.embed_tokens.weight']);
	});

	it('maps Qwen2: c_attn with its bias, no lm_head (the library ties it)', () => {
		const q = mapTensors(toyHfSource('qwen2'), toyLibrary('qwen2', 'q4f16_1'), 'q4f16_1');
		expect(partNames(job(q, 'model.layers.0.self_attn.c_attn'))).toEqual(
			['q', 'k', 'v'].map((x) => `model.layers.0.self_attn.${x}_proj.weight`)
		);
		const bias = job(q, 'model.layers.0.self_attn.c_attn.bias');
		expect([bias.op, bias.rows, bias.outputs[0].dtype]).toEqual(['cast', 128, 'float16']);
		expect(partNames(bias)).toEqual(['q', 'k', 'v'].map((x) => `model.layers.0.self_attn.${x}_proj.bias`));
		expect(q.some((j) => j.name === 'lm_head')).toBe(false);
	});
});

describe('GGUF → MLC', () => {
	const lib = toyLibrary('mistral', 'q4f16_1');

	it('reads llama.cpp’s names and undoes its Q and K row permutation, per head count', () => {
		const jobs = mapTensors(toyGgufSource(), lib, 'q4f16_1');
		const qkv = job(jobs, 'model.layers.1.self_attn.qkv_proj');
		expect(partNames(qkv)).toEqual(['blk.1.attn_q.weight', 'blk.1.attn_k.weight', 'blk.1.attn_v.weight']);
		expect(qkv.parts.map((p) => p.transform)).toEqual([
			{ kind: 'rope-unpermute', heads: TOY.heads, headDim: TOY.headDim },
			{ kind: 'rope-unpermute', heads: TOY.kvHeads, headDim: TOY.headDim },
			{ kind: 'none' }
		]);
		expect(qkv.parts.map((p) => p.tensor.dtype)).toEqual(['Q4_K', 'Q4_K', 'Q6_K']);
		expect(partNames(job(jobs, 'model.layers.0.mlp.gate_up_proj'))).toEqual(['blk.0.ffn_gate.weight', 'blk.0.ffn_up.weight']);
		expect(partNames(job(jobs, 'model.layers.0.self_attn.o_proj'))).toEqual(['blk.0.attn_output.weight']);
		expect(partNames(job(jobs, 'model.layers.0.post_attention_layernorm.weight'))).toEqual(['blk.0.ffn_norm.weight']);
		expect(partNames(job(jobs, 'model.norm.weight'))).toEqual(['output_norm.weight']);
		expect(partNames(job(jobs, 'lm_head'))).toEqual(['output.weight']);
		expect(partNames(job(jobs, 'model.embed_tokens'))).toEqual(['token_embd.weight']);
	});

	it('takes lm_head from token_embd when the file has no output.weight', () => {
		const jobs = mapTensors(toyGgufSource(TOY, { tied: true }), lib, 'q4f16_1');
		expect(partNames(job(jobs, 'lm_head'))).toEqual(['token_embd.weight']);
	});

	it('leaves rows alone for GGUF architectures llama.cpp does not permute', () => {
		const src = toyGgufSource();
		const other = { ...src, config: { ...src.config, declared: 'qwen2' } };
		const qkv = job(mapTensors(other, lib, 'q4f16_1'), 'model.layers.0.self_attn.qkv_proj');
		expect(qkv.parts.map((p) => p.transform.kind)).toEqual(['none', 'none', 'none']);
	});
});

describe('MLC q4f16_1 folder → MLC', () => {
	it('copies the 4-bit words and widens f16 scales and norms for q4f32_1', () => {
		const jobs = mapTensors(toyMlcSource(), toyLibrary('mistral', 'q4f32_1'), 'q4f32_1');
		expect(job(jobs, 'model.layers.0.self_attn.qkv_proj.q_weight').op).toBe('copy');
		expect(job(jobs, 'model.layers.0.self_attn.qkv_proj.q_scale').op).toBe('widen');
		expect(job(jobs, 'model.norm.weight').op).toBe('widen');
		expect(new Set(jobs.map((j) => j.op))).toEqual(new Set(['copy', 'widen']));
		expect(jobs.every((j) => partNames(j)[0] === j.name)).toBe(true);
	});

	it('copies everything for q4f16_1', () => {
		const jobs = mapTensors(toyMlcSource(), toyLibrary('mistral', 'q4f16_1'), 'q4f16_1');
		expect(new Set(jobs.map((j) => j.op))).toEqual(new Set(['copy']));
	});
});

describe('errors a user can act on', () => {
	const lib = toyLibrary('mistral', 'q4f32_1');

	it('missing-tensor names the tensor and what it was for', () => {
		const e = errorOf(() => mapTensors(without(toyHfSource('mistral'), 'model.layers.1.self_attn.k_proj.weight'), lib, 'q4f32_1'));
		expect(e.kind).toBe('missing-tensor');
		expect(e.message).toBe(
			"the source has no model.layers.1.self_attn.k_proj.weight, which the library's model.layers.1.self_attn.qkv_proj is made from"
		);
		const noHead = errorOf(() => mapTensors(without(toyHfSource('mistral'), 'lm_head.weight'), lib, 'q4f32_1'));
		expect(noHead.kind).toBe('missing-tensor');
		expect(noHead.message).toMatch(/no lm_head\.weight \(and its config does not tie the output layer to the embedding\)/);
		const mlc = errorOf(() => mapTensors(without(toyMlcSource(), 'model.norm.weight'), lib, 'q4f32_1'));
		expect([mlc.kind, mlc.message]).toEqual(['missing-tensor', 'the MLC folder has no model.norm.weight, which the library needs']);
	});

	it('mismatch names both shapes', () => {
		const src = reshaped(toyHfSource('mistral'), 'model.layers.0.self_attn.k_proj.weight', [48, 64]);
		const e = errorOf(() => mapTensors(src, lib, 'q4f32_1'));
		expect(e.kind).toBe('mismatch');
		expect(e.message).toBe(
			"the source's model.layers.0.self_attn.q_proj.weight [64, 64] + model.layers.0.self_attn.k_proj.weight [48, 64] + " +
				"model.layers.0.self_attn.v_proj.weight [32, 64] make [144, 64]; the library's model.layers.0.self_attn.qkv_proj is [128, 64]"
		);
		const wide = errorOf(() => mapTensors(reshaped(toyHfSource('mistral'), 'model.layers.0.mlp.down_proj.weight', [64, 128]), lib, 'q4f32_1'));
		expect(wide.message).toMatch(/down_proj\.weight \[64, 128\] make \[64, 128\]; the library's model\.layers\.0\.mlp\.down_proj is \[64, 96\]/);
		const norm = errorOf(() => mapTensors(reshaped(toyHfSource('mistral'), 'model.norm.weight', [65]), lib, 'q4f32_1'));
		expect(norm.message).toBe("the source's model.norm.weight [65] make [65]; the library's model.norm.weight is [64]");
		const vocab = errorOf(() => mapTensors(reshaped(toyHfSource('mistral'), 'model.embed_tokens.weight', [41, 64]), lib, 'q4f32_1'));
		expect(vocab.message).toMatch(/embed_tokens\.weight \[41, 64\] make \[41, 64\]; the library's model\.embed_tokens is \[40, 64\]/);
		const mlc = errorOf(() => mapTensors(reshaped(toyMlcSource(), 'model.norm.weight', [32]), lib, 'q4f32_1'));
		expect([mlc.kind, mlc.message]).toEqual(['mismatch', "the MLC folder's model.norm.weight is [32]; the library's is [64]"]);
	});

	it('refuses a library of the other quantization, and dtypes it cannot read', () => {
		const e = errorOf(() => mapTensors(toyHfSource('mistral'), toyLibrary('mistral', 'q4f16_1'), 'q4f32_1'));
		expect(e.kind).toBe('mismatch');
		expect(e.message).toMatch(/stores model\.embed_tokens\.q_scale as float16; a q4f32_1 conversion writes float32/);
		const src = toyHfSource('mistral');
		const u32 = { ...src, tensors: src.tensors.map((t) => (t.name === 'model.norm.weight' ? { ...t, dtype: 'U32' as const } : t)) };
		const d = errorOf(() => mapTensors(u32, lib, 'q4f32_1'));
		expect([d.kind, d.message]).toEqual(['dtype', 'model.norm.weight is stored as U32, which this converter does not read']);
	});

	it('refuses parameters it does not know how to make', () => {
		const odd = toyLibrary('mistral', 'q4f32_1');
		odd.params.push({ name: 'model.layers.0.self_attn.rotary.weight', shape: [8], dtype: 'float32' });
		const e = errorOf(() => mapTensors(toyHfSource('mistral'), odd, 'q4f32_1'));
		expect([e.kind, e.message]).toEqual([
			'unsupported',
			'the model library needs model.layers.0.self_attn.rotary.weight, which this converter does not know how to make'
		]);
	});
});
