import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	buildTokenizerJson,
	createRng,
	findEmbeddedJson,
	inferDims,
	parseLibraryMeta,
	planShards,
	resolveParams,
	type TensorCache
} from '$lib/engines/webllm/synthetic/index';
import { makeModel, readMatchingManifest } from '../../rig/write-model';

// A stand-in for a compiled library: binary noise around the embedded description, a symbolic vocab dimension,
// and a brace inside a string to prove the scanner balances braces outside strings only.
const DESCRIPTION = {
	model_type: 'toy',
	quantization: 'q4f32_1',
	context_window_size: 64,
	prefill_chunk_size: 16,
	sliding_window_size: -1,
	attention_sink_size: -1,
	kv_state_kind: 'kv_cache',
	kv_cache: { num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1, head_dim: 4 },
	note: 'a } inside a string {',
	params: [
		{ name: 'model.embed_tokens.q_weight', shape: ['vocab_size', 4], dtype: 'uint32', preprocs: [] },
		{ name: 'model.embed_tokens.q_scale', shape: ['vocab_size', 1], dtype: 'float32', preprocs: [] },
		{ name: 'model.layers.0.self_attn.c_attn.q_weight', shape: [16, 4], dtype: 'uint32', preprocs: [] },
		{ name: 'model.layers.0.self_attn.c_attn.bias', shape: [16], dtype: 'float32', preprocs: [] },
		{ name: 'model.layers.0.input_layernorm.weight', shape: [32], dtype: 'float32', preprocs: [] },
		{ name: 'model.norm.weight', shape: [32], dtype: 'float32', preprocs: [] }
	]
};
function fakeLibrary(): Uint8Array {
	const head = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
	const json = new TextEncoder().encode(JSON.stringify(DESCRIPTION));
	const tail = new TextEncoder().encode('}}}{"other": 1}');
	return new Uint8Array([...head, ...json, ...tail]);
}
const lib = { bytes: fakeLibrary(), sha256: 'fake' };
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function folderHash(dir: string): Promise<string> {
	const h = createHash('sha256');
	for (const f of (await readdir(dir)).sort()) if (f !== 'synthetic-model.json') h.update(f).update(await readFile(join(dir, f)));
	return h.digest('hex');
}
async function make(seed: number, shardBytes = 256): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'synthetic-test-'));
	dirs.push(dir);
	await makeModel({ lib, outDir: dir, seed, dims: { vocab_size: 40 }, shardBytes, cacheFiles: ['ndarray-cache.json', 'tensor-cache.json'] });
	return dir;
}

describe('embedded model description', () => {
	it('finds the balanced object and substitutes symbolic dims', () => {
		expect(JSON.parse(findEmbeddedJson(lib.bytes))).toEqual(DESCRIPTION);
		const meta = parseLibraryMeta(lib.bytes);
		expect(meta.kvCache?.numHiddenLayers).toBe(1);
		expect(() => resolveParams(meta, inferDims(meta))).toThrow(/vocab_size/);
		const t = resolveParams(meta, { vocab_size: 40 });
		expect(t[0]).toEqual({ name: 'model.embed_tokens.q_weight', shape: [40, 4], dtype: 'uint32', nbytes: 640 });
		expect(t[3].nbytes).toBe(64);
	});

	it('says what is wrong with a file that is no model library', () => {
		expect(() => parseLibraryMeta(new Uint8Array([1, 2, 3]))).toThrow(/no embedded model description/);
	});

	it('reads the real Qwen2 library when one is given', async (ctx) => {
		const path = process.env.REAL_ENGINE_LIB;
		if (!path || /^https?:/.test(path)) return ctx.skip();
		const meta = parseLibraryMeta(new Uint8Array(await readFile(path)));
		const dims = inferDims(meta);
		const cache = planShards(resolveParams(meta, dims));
		expect(meta.params.length).toBeGreaterThan(100);
		expect(dims.vocab_size).toBeGreaterThan(1000);
		expect(cache.metadata.ParamBytes).toBe(cache.records.reduce((a, s) => a + s.nbytes, 0));
	});
});

describe('generated model folder', () => {
	it('is deterministic for a seed and differs between seeds', async () => {
		const [a, b, c] = await Promise.all([make(7), make(7), make(8)]);
		expect(await folderHash(a)).toBe(await folderHash(b));
		expect(await folderHash(a)).not.toBe(await folderHash(c));
	});

	it('lays tensors out as the library lists them, with consistent offsets and sizes', async () => {
		const dir = await make(1);
		const cache = JSON.parse(await readFile(join(dir, 'ndarray-cache.json'), 'utf8')) as TensorCache;
		expect(await readFile(join(dir, 'tensor-cache.json'), 'utf8')).toBe(JSON.stringify(cache));
		const flat = cache.records.flatMap((s) => s.records);
		expect(flat.map((r) => r.name)).toEqual(DESCRIPTION.params.map((p) => p.name));
		expect(cache.records.length).toBeGreaterThan(1);
		for (const shard of cache.records) {
			const bytes = await readFile(join(dir, shard.dataPath));
			expect(bytes.byteLength).toBe(shard.nbytes);
			let offset = 0;
			for (const r of shard.records) {
				expect(r.byteOffset).toBe(offset);
				expect(r.nbytes).toBe(r.shape.reduce((x, y) => x * y, 1) * 4);
				offset += r.nbytes;
			}
			expect(offset).toBe(shard.nbytes);
		}
		const norm = flat.find((r) => r.name === 'model.norm.weight')!;
		const shard = cache.records.find((s) => s.records.includes(norm))!;
		const buf = await readFile(join(dir, shard.dataPath));
		expect([...new Float32Array(buf.buffer.slice(buf.byteOffset + norm.byteOffset, buf.byteOffset + norm.byteOffset + norm.nbytes))]).toEqual(new Array(32).fill(1));
	});

	it('is reused only when library, seed and files still match', async () => {
		const dir = await make(4);
		const want = { libSha256: 'fake', seed: 4, cacheFiles: ['ndarray-cache.json', 'tensor-cache.json'] as const };
		expect((await readMatchingManifest(dir, { ...want, cacheFiles: [...want.cacheFiles] }))?.seed).toBe(4);
		expect(await readMatchingManifest(dir, { ...want, cacheFiles: [...want.cacheFiles], seed: 5 })).toBeNull();
		await truncate(join(dir, 'params_shard_0.bin'), 10);
		expect(await readMatchingManifest(dir, { ...want, cacheFiles: [...want.cacheFiles] })).toBeNull();
	});

	it('writes a config and a tokenizer covering the whole vocabulary', async () => {
		const dir = await make(1);
		const cfg = JSON.parse(await readFile(join(dir, 'mlc-chat-config.json'), 'utf8'));
		expect(cfg).toMatchObject({ vocab_size: 40, context_window_size: 64, prefill_chunk_size: 16, sliding_window_size: -1, tokenizer_files: ['tokenizer.json'] });
		const tok = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8'));
		expect(tok.model.type).toBe('WordLevel');
		expect(new Set(Object.values(tok.model.vocab))).toEqual(new Set(Array.from({ length: 40 }, (_, i) => i)));
		expect(tok.pre_tokenizer).toEqual({ type: 'Whitespace' });
		expect(JSON.parse(buildTokenizerJson(5)).model.vocab).toEqual({ '<unk>': 0, '<s>': 1, '</s>': 2, w3: 3, w4: 4 });
	});
});

describe('weights', () => {
	it('draws q4 nibbles uniformly over 0…14, so dequantized weights have zero mean', async () => {
		const dir = await make(3, 1 << 20);
		const cache = JSON.parse(await readFile(join(dir, 'ndarray-cache.json'), 'utf8')) as TensorCache;
		const buf = await readFile(join(dir, 'params_shard_0.bin'));
		const counts = new Array(16).fill(0);
		for (const r of cache.records[0].records.filter((x) => x.dtype === 'uint32'))
			for (const b of buf.subarray(r.byteOffset, r.byteOffset + r.nbytes)) {
				counts[b & 15]++;
				counts[b >> 4]++;
			}
		expect(counts[15]).toBe(0);
		const n = counts.reduce((a, b) => a + b, 0);
		const mean = counts.reduce((a, c, q) => a + c * q, 0) / n;
		expect(Math.abs(mean - 7)).toBeLessThan(0.3);
	});

	it('gives the same stream for the same seed and stream name', () => {
		const a = createRng(5, 'x'), b = createRng(5, 'x'), c = createRng(5, 'y');
		const take = (r: ReturnType<typeof createRng>) => Array.from({ length: 4 }, () => r.u32());
		const first = take(a);
		expect(take(b)).toEqual(first);
		expect(take(c)).not.toEqual(first);
		const normals = Array.from({ length: 20000 }, () => a.normal(0, 0.02));
		const std = Math.sqrt(normals.reduce((s, v) => s + v * v, 0) / normals.length);
		expect(std).toBeGreaterThan(0.019);
		expect(std).toBeLessThan(0.021);
	});
});
