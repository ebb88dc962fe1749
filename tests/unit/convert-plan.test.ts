import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutPlan, planConversion, shardNeeds, type ConversionPlan } from '$lib/convert/model/plan';
import { firstNeeded } from '$lib/convert/run/checkpoints';
import { parseLibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { resolveParams } from '$lib/engines/webllm/synthetic/params';
import { createRng } from '$lib/engines/webllm/synthetic/rng';
import { ConvertError, type SourceModel } from '$lib/convert/types';
import { TOY, toyGgufSource, toyHfSource, toyLibrary, type ToyDims } from '../helpers/convert-model';

function shuffled(src: SourceModel, seed: number): SourceModel {
	const rng = createRng(seed, 'shuffle');
	const t = [...src.tensors];
	for (let i = t.length - 1; i > 0; i--) {
		const j = rng.u32() % (i + 1);
		[t[i], t[j]] = [t[j], t[i]];
	}
	return { ...src, tensors: t };
}

/** Every shard's records, by offset, cover [0, nbytes) exactly once, and every library parameter has one record. */
function expectExactCover(plan: Omit<ConversionPlan, 'digest'>, libraryNames: string[]) {
	const names: string[] = [];
	for (const s of plan.shards) {
		const rs = [...s.records].sort((a, b) => a.byteOffset - b.byteOffset);
		let at = 0;
		for (const r of rs) {
			expect(r.byteOffset).toBe(at);
			at += r.nbytes;
			names.push(r.name);
		}
		expect(at).toBe(s.nbytes);
	}
	expect(names.sort()).toEqual([...libraryNames].sort());
	for (const t of plan.tensors)
		for (const o of t.outputs) {
			const rec = plan.shards[o.shard].records.find((r) => r.name === o.name);
			expect(rec?.byteOffset).toBe(o.byteOffset);
		}
}

describe('the conversion plan', () => {
	const lib = toyLibrary('mistral', 'q4f32_1');
	const names = lib.params.map((p) => p.name);

	it('covers every byte of every shard exactly once, at any shard size', () => {
		for (const shardBytes of [undefined, 4096, 700, 1]) {
			const plan = layoutPlan(toyHfSource('mistral'), lib, 'q4f32_1', { shardBytes });
			expectExactCover(plan, names);
			for (const s of plan.shards) expect(s.records.length === 1 || s.nbytes <= (shardBytes ?? Infinity)).toBe(true);
		}
	});

	it('is the same, digest included, whatever order the source lists its tensors in', async () => {
		const base = await planConversion(toyHfSource('mistral'), lib, 'q4f32_1', { shardBytes: 4096 });
		for (const seed of [1, 2, 3]) {
			const again = await planConversion(shuffled(toyHfSource('mistral'), seed), lib, 'q4f32_1', { shardBytes: 4096 });
			expect(again).toEqual(base);
		}
		expect(base.digest).toMatch(/^[0-9a-f]{64}$/);
	});

	it('gets a new digest when anything that decides the bytes changes, and not for a file size', async () => {
		const base = (await planConversion(toyHfSource('mistral'), lib, 'q4f32_1')).digest;
		const src = toyHfSource('mistral');
		const moved = { ...src, tensors: src.tensors.map((t, i) => (i === 3 ? { ...t, offset: t.offset + 2 } : t)) };
		expect((await planConversion(moved, lib, 'q4f32_1')).digest).not.toBe(base);
		expect((await planConversion(toyHfSource('mistral', TOY, 'F32'), lib, 'q4f32_1')).digest).not.toBe(base);
		expect((await planConversion(toyHfSource('mistral'), lib, 'q4f32_1', { shardBytes: 4096 })).digest).not.toBe(base);
		const f16 = await planConversion(toyHfSource('mistral'), toyLibrary('mistral', 'q4f16_1'), 'q4f16_1');
		expect(f16.digest).not.toBe(base);
		const sized = { ...src, files: src.files.map((f, i) => ({ ...f, size: 1e6 + i })) };
		const sizedPlan = await planConversion(sized, lib, 'q4f32_1');
		expect(sizedPlan.digest).toBe(base);
		expect(sizedPlan.totals.fileBytes).toBe(2e6 + 1);
	});

	it('writes tensors in the order the files stream, and never mixes two files in a shard', () => {
		const plan = layoutPlan(toyHfSource('mistral'), lib, 'q4f32_1', { shardBytes: 2048 });
		// File 0 holds the embedding, layer 0 and layer 1's q_proj; layer 1's qkv_proj is completed by file 1.
		expect(plan.tensors.map((t) => [t.name, t.section]).slice(0, 9)).toEqual([
			['model.embed_tokens', 0],
			['model.layers.0.self_attn.qkv_proj', 0],
			['model.layers.0.self_attn.o_proj', 0],
			['model.layers.0.mlp.gate_up_proj', 0],
			['model.layers.0.mlp.down_proj', 0],
			['model.layers.0.input_layernorm.weight', 0],
			['model.layers.0.post_attention_layernorm.weight', 0],
			['model.layers.1.self_attn.qkv_proj', 1], // at the place of its k_proj, the first of its parts in file 1
			['model.layers.1.self_attn.o_proj', 1]
		]);
		for (const t of plan.tensors) for (const o of t.outputs) expect(plan.shards[o.shard].section).toBe(t.section);
		const sections = plan.shards.map((s) => s.section);
		expect(sections).toEqual([...sections].sort((a, b) => a - b));
		expect(new Set(sections)).toEqual(new Set([0, 1]));
		// within a section, offsets in the file never go back
		for (const section of [0, 1]) {
			const firsts = plan.tensors
				.filter((t) => t.section === section)
				.map((t) => Math.min(...t.parts.filter((p) => p.file === section).map((p) => p.offset)));
			expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
		}
	});

	it('gives each output tensor its source parts: file, offset, bytes, rows and transform', () => {
		const src = toyHfSource('mistral');
		const plan = layoutPlan(src, lib, 'q4f32_1');
		const qkv = plan.tensors.find((t) => t.name === 'model.layers.1.self_attn.qkv_proj')!;
		const k = src.tensors.find((t) => t.name === 'model.layers.1.self_attn.k_proj.weight')!;
		expect(qkv.parts.map((p) => [p.tensor, p.file, p.rows, p.rowOffset])).toEqual([
			['model.layers.1.self_attn.q_proj.weight', 0, 64, 0],
			['model.layers.1.self_attn.k_proj.weight', 1, 32, 64],
			['model.layers.1.self_attn.v_proj.weight', 1, 32, 96]
		]);
		expect(qkv.parts[1]).toMatchObject({ offset: k.offset, nbytes: k.nbytes, dtype: 'BF16', shape: [32, 64], transform: { kind: 'none' } });
		const gguf = layoutPlan(toyGgufSource(), toyLibrary('mistral', 'q4f16_1'), 'q4f16_1');
		const q = gguf.tensors.find((t) => t.name === 'model.layers.0.self_attn.qkv_proj')!;
		expect(q.parts[0].transform).toEqual({ kind: 'rope-unpermute', heads: TOY.heads, headDim: TOY.headDim });
	});

	it('tells the resume rule where each shard starts needing each file', () => {
		const src = toyHfSource('mistral');
		const plan = layoutPlan(src, lib, 'q4f32_1', { shardBytes: 2048 });
		const needs = shardNeeds(plan);
		expect(needs).toHaveLength(plan.shards.length);
		const qkv1 = plan.tensors.find((t) => t.name === 'model.layers.1.self_attn.qkv_proj')!;
		const q1 = src.tensors.find((t) => t.name === 'model.layers.1.self_attn.q_proj.weight')!;
		// layer 1's qkv_proj sits in a file-1 shard but still needs its q_proj from file 0
		expect(needs[qkv1.outputs[0].shard].get(0)).toBe(q1.offset);
		expect(needs[0]).toEqual(new Map([[0, src.tensors[0].offset]]));
		// with every file-0 shard written, file 0 must still be read from q_proj of layer 1 onwards
		const done = new Set(plan.shards.filter((s) => s.section === 0).map((_, i) => i));
		expect(firstNeeded(needs, done, 0)).toBe(q1.offset);
	});

	it('totals the bytes to read and to write', () => {
		const src = toyHfSource('mistral');
		const plan = layoutPlan(src, lib, 'q4f32_1');
		const specs = resolveParams(lib, { vocab_size: TOY.vocab });
		expect(plan.totals.sourceBytes).toBe(src.tensors.reduce((a, t) => a + t.nbytes, 0));
		expect(plan.totals.sourceTensors).toBe(src.tensors.length);
		expect(plan.totals.outputBytes).toBe(specs.reduce((a, s) => a + s.nbytes, 0));
		expect(plan.totals.outputTensors).toBe(specs.length);
		expect(plan.totals.fileBytes).toBeNull();
		expect(plan.cache.metadata.ParamBytes).toBe(plan.totals.outputBytes);
		expect(plan.cache.records.map((r) => r.dataPath)).toEqual(plan.shards.map((_, i) => `params_shard_${i}.bin`));
		// A tied embedding feeds two outputs but is read once.
		const tied = layoutPlan(toyGgufSource(TOY, { tied: true }), toyLibrary('mistral', 'q4f16_1'), 'q4f16_1');
		const embed = tied.tensors.filter((t) => t.parts.some((p) => p.tensor === 'token_embd.weight'));
		expect(embed.map((t) => t.name)).toEqual(['model.embed_tokens', 'lm_head']);
		expect(tied.totals.sourceTensors).toBe(toyGgufSource(TOY, { tied: true }).tensors.length);
	});

	it('refuses, before anything is read, a source that does not fit or lists a tensor twice', () => {
		const wrong = toyHfSource('mistral', { ...TOY, layers: 3 });
		expect(() => layoutPlan(wrong, lib, 'q4f32_1')).toThrow(/does not fit the model library: the source has 3 layers, the library 2/);
		const src = toyHfSource('mistral');
		const twice = { ...src, tensors: [...src.tensors, src.tensors[4]] };
		let err: unknown;
		try {
			layoutPlan(twice, lib, 'q4f32_1');
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ConvertError);
		expect((err as ConvertError).message).toBe(`the source lists ${src.tensors[4].name} twice`);
	});
});

const LIB = '../shared/real-engine/Mistral-7B-Instruct-v0.3-q4f32_1-ctx4k_cs1k-webgpu.wasm';
describe.skipIf(!existsSync(LIB))('a FILM-7B-shaped source against the real Mistral q4f32_1 library', () => {
	it('lays out 4 GB in shards of about 32 MB, each file section apart', () => {
		const meta = parseLibraryMeta(readFileSync(LIB));
		const film: ToyDims = { layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, vocab: 32000 };
		const src = toyHfSource('mistral', film, 'F32');
		const plan = layoutPlan(src, meta, 'q4f32_1');
		expectExactCover(plan, meta.params.map((p) => p.name));
		expect(plan.totals.outputBytes).toBe(resolveParams(meta, { vocab_size: 32000 }).reduce((a, s) => a + s.nbytes, 0));
		expect(plan.totals.sourceBytes).toBe(src.tensors.reduce((a, t) => a + t.nbytes, 0));
		for (const s of plan.shards) expect(s.records.length === 1 || s.nbytes <= 32 * 1024 * 1024).toBe(true);
		expect(plan.shards.length).toBeGreaterThan(plan.totals.outputBytes / (32 * 1024 * 1024));
	});
});
