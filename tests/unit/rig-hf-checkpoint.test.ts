// The checkpoint generator and the Node reference forward pass that the converter's real-runtime check relies on.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRID_SCALE, bf16Bits, makeCheckpoint, shardFiles, tensorValues } from '../../rig/hf/make-checkpoint';
import { hfTensors, type HfShape } from '../../rig/hf/checkpoint-spec';
import { Checkpoint, forward, rope, type WeightSource } from '../../rig/hf/reference-forward';

const TINY: HfShape = {
	family: 'qwen2', hidden: 64, intermediate: 96, layers: 2, heads: 4, kvHeads: 2, headDim: 16, vocab: 40,
	tied: true, qkvBias: true, ropeTheta: 1e6, rmsNormEps: 1e-6
};

function readHeader(path: string): { names: string[]; json: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }> } {
	const b = readFileSync(path);
	const n = Number(b.readBigUInt64LE(0));
	const json = JSON.parse(b.subarray(8, 8 + n).toString('utf8'));
	delete json.__metadata__;
	return { names: Object.keys(json), json };
}

describe('HF checkpoint generator', () => {
	it('writes sharded safetensors with an index, tensors sorted by name and laid end to end', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hf-'));
		try {
			const m = await makeCheckpoint({ outDir: dir, shape: TINY, seed: 3, dtype: 'BF16', shards: 3 });
			const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'));
			expect(Object.keys(index.weight_map).sort()).toEqual(hfTensors(TINY).map((t) => t.name).sort());
			const shards = m.files.filter((f) => f.name.endsWith('.safetensors'));
			expect(shards.map((f) => f.name)).toEqual(['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors']);
			for (const f of shards) {
				const { names, json } = readHeader(join(dir, f.name));
				expect(names).toEqual([...names].sort());
				let at = 0;
				for (const n of names) {
					expect(json[n].data_offsets[0]).toBe(at);
					at = json[n].data_offsets[1];
				}
			}
			const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
			expect(cfg).toMatchObject({ architectures: ['Qwen2ForCausalLM'], hidden_size: 64, num_key_value_heads: 2, tie_word_embeddings: true });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('puts grid weights exactly on the q4 grid, with every group of 32 reaching ±7 steps', () => {
		const t = hfTensors(TINY).find((x) => x.name.endsWith('mlp.down_proj.weight'))!;
		const v = tensorValues(t, 9, 'grid');
		for (let g = 0; g < v.length; g += 32) {
			const steps = Array.from(v.subarray(g, g + 32), (x) => x / GRID_SCALE);
			expect(steps.every((s) => Number.isInteger(s) && Math.abs(s) <= 7)).toBe(true);
			expect(Math.max(...steps.map(Math.abs))).toBe(7);
		}
		// bf16 holds them exactly; a value between two bf16 numbers rounds to even.
		expect(bf16Bits(3 * GRID_SCALE) << 16).toBe(new Uint32Array(new Float32Array([3 * GRID_SCALE]).buffer)[0]);
		expect(bf16Bits(1 + 2 ** -8)).toBe(0x3f80);
		expect(bf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
	});

	it('splits tensors in module order into files of about equal size', () => {
		const files = shardFiles(hfTensors(TINY), 3, 2);
		expect(files).toHaveLength(3);
		expect(files.flat().map((t) => t.name)).toEqual(hfTensors(TINY).map((t) => t.name));
	});

	it('reads back through the reference reader the values it wrote (bf16 and f32)', async () => {
		for (const dtype of ['BF16', 'F32'] as const) {
			const dir = mkdtempSync(join(tmpdir(), 'hf-'));
			try {
				await makeCheckpoint({ outDir: dir, shape: TINY, seed: 5, dtype, shards: 2 });
				const ck = new Checkpoint(dir);
				for (const t of hfTensors(TINY).filter((x) => x.role !== 'bias')) expect(ck.get(t.name)).toEqual(tensorValues(t, 5, 'grid'));
				const bias = hfTensors(TINY).find((x) => x.role === 'bias')!;
				const exact = tensorValues(bias, 5, 'grid');
				const read = ck.get(bias.name);
				for (let i = 0; i < exact.length; i++) expect(Math.abs(read[i] - exact[i])).toBeLessThanOrEqual(dtype === 'F32' ? 0 : Math.abs(exact[i]) * 2 ** -8);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	});
});

describe('reference forward pass', () => {
	const weights = (seed: number, zero: RegExp | null = null): WeightSource => {
		const m = new Map(hfTensors(TINY).map((t) => [t.name, zero?.test(t.name) ? new Float32Array(t.shape.reduce((a, b) => a * b, 1)) : tensorValues(t, seed, 'grid')]));
		return { get: (n) => m.get(n)! };
	};

	it('is causal: a later token never changes an earlier position', () => {
		const w = weights(1);
		const a = forward(w, TINY, [3, 7, 11, 5]);
		const b = forward(w, TINY, [3, 7, 11, 30]);
		expect(a[2]).toEqual(b[2]);
		expect(a[3]).not.toEqual(b[3]);
	});

	it('with every block output zeroed, is the tied head applied to the normed embedding', () => {
		const w = weights(2, /(o_proj|down_proj)\.weight$/);
		const [logits] = forward(w, TINY, [6]);
		const e = w.get('model.embed_tokens.weight');
		const norm = w.get('model.norm.weight');
		const x = Array.from(e.subarray(6 * 64, 7 * 64));
		const inv = 1 / Math.sqrt(x.reduce((a, v) => a + v * v, 0) / 64 + 1e-6);
		for (const id of [0, 6, 39]) {
			let s = 0;
			for (let i = 0; i < 64; i++) s += x[i] * inv * norm[i] * e[id * 64 + i];
			expect(logits[id]).toBeCloseTo(s, 10);
		}
	});

	it('rotates each head pair by the position, keeping its length, and not at all at position 0', () => {
		const v = Float64Array.from({ length: 32 }, (_, i) => Math.sin(i + 1));
		const at0 = Float64Array.from(v);
		rope(at0, 2, 16, 0, 1e6);
		expect(Array.from(at0)).toEqual(Array.from(v));
		const at5 = Float64Array.from(v);
		rope(at5, 2, 16, 5, 1e6);
		for (let i = 0; i < 8; i++) expect(Math.hypot(at5[i], at5[i + 8])).toBeCloseTo(Math.hypot(v[i], v[i + 8]), 12);
		expect(at5[0]).not.toBeCloseTo(v[0], 3);
	});
});
