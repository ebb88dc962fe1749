// A plain forward pass of a Mistral- or Qwen2-shaped causal LM, straight from a Hugging Face checkpoint folder, in
// Node: weights read as f32 from the safetensors files (a reader of its own, so the check does not lean on the
// converter it checks), sums in f64. Slow and simple on purpose: it is the reference the converted model's logits
// are compared against.
import { openSync, readSync, closeSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HfShape } from './checkpoint-spec';

interface Entry { file: string; dtype: string; shape: number[]; begin: number; end: number }

/** The tensors of a checkpoint folder, decoded to f32 on demand. */
export class Checkpoint implements WeightSource {
	private entries = new Map<string, Entry>();
	constructor(readonly dir: string) {
		const index = join(dir, 'model.safetensors.index.json');
		const files = existsSync(index)
			? [...new Set(Object.values((JSON.parse(readFileSync(index, 'utf8')) as { weight_map: Record<string, string> }).weight_map))]
			: ['model.safetensors'];
		for (const f of files) {
			const fd = openSync(join(dir, f), 'r');
			try {
				const len = Buffer.alloc(8);
				readSync(fd, len, 0, 8, 0);
				const n = Number(len.readBigUInt64LE(0));
				const head = Buffer.alloc(n);
				readSync(fd, head, 0, n, 8);
				const json = JSON.parse(head.toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
				for (const [name, e] of Object.entries(json))
					if (name !== '__metadata__') this.entries.set(name, { file: f, dtype: e.dtype, shape: e.shape, begin: 8 + n + e.data_offsets[0], end: 8 + n + e.data_offsets[1] });
			} finally {
				closeSync(fd);
			}
		}
	}

	has(name: string): boolean {
		return this.entries.has(name);
	}

	get(name: string): Float32Array {
		const e = this.entries.get(name);
		if (!e) throw new Error(`the checkpoint has no tensor ${name}`);
		const buf = Buffer.alloc(e.end - e.begin);
		const fd = openSync(join(this.dir, e.file), 'r');
		try {
			readSync(fd, buf, 0, buf.length, e.begin);
		} finally {
			closeSync(fd);
		}
		const n = e.shape.reduce((a, b) => a * b, 1);
		const out = new Float32Array(n);
		if (e.dtype === 'F32') for (let i = 0; i < n; i++) out[i] = buf.readFloatLE(i * 4);
		else if (e.dtype === 'BF16') {
			const u = new Uint32Array(out.buffer);
			for (let i = 0; i < n; i++) u[i] = buf.readUInt16LE(i * 2) << 16;
		} else throw new Error(`${name}: the reference reads F32 and BF16, not ${e.dtype}`);
		return out;
	}
}

/** y = W x for W [rows, cols] row-major, plus an optional bias. */
export function matVec(w: Float32Array, rows: number, cols: number, x: Float64Array, bias?: Float32Array): Float64Array {
	const y = new Float64Array(rows);
	for (let r = 0; r < rows; r++) {
		let s = 0;
		const o = r * cols;
		for (let c = 0; c < cols; c++) s += w[o + c] * x[c];
		y[r] = bias ? s + bias[r] : s;
	}
	return y;
}

export function rmsNorm(x: Float64Array, w: Float32Array, eps: number): Float64Array {
	let ss = 0;
	for (const v of x) ss += v * v;
	const inv = 1 / Math.sqrt(ss / x.length + eps);
	return x.map((v, i) => v * inv * w[i]);
}

/** Rotary embedding as Hugging Face's Llama/Mistral/Qwen2 apply it (rotate_half on the two halves of a head). */
export function rope(v: Float64Array, heads: number, headDim: number, pos: number, theta: number): void {
	const half = headDim / 2;
	for (let h = 0; h < heads; h++) {
		const o = h * headDim;
		for (let i = 0; i < half; i++) {
			const angle = pos / theta ** ((2 * i) / headDim);
			const c = Math.cos(angle), s = Math.sin(angle);
			const a = v[o + i], b = v[o + i + half];
			v[o + i] = a * c - b * s;
			v[o + i + half] = b * c + a * s;
		}
	}
}

/** Logits at every position of `ids` (no BOS is added: pass it if the model wants one). */
/** Where the forward pass reads its weights: a checkpoint folder, or a map in tests. */
export interface WeightSource {
	get(name: string): Float32Array;
}

export function forward(ck: WeightSource, s: HfShape, ids: number[], onLayer?: (i: number) => void): Float64Array[] {
	const embed = ck.get('model.embed_tokens.weight');
	const T = ids.length;
	const q = s.heads * s.headDim, kv = s.kvHeads * s.headDim, group = s.heads / s.kvHeads;
	let xs = ids.map((id) => Float64Array.from(embed.subarray(id * s.hidden, (id + 1) * s.hidden)));
	for (let l = 0; l < s.layers; l++) {
		const p = `model.layers.${l}.`;
		const w = (n: string) => ck.get(p + n);
		const bias = (n: string) => (s.qkvBias ? ck.get(p + n) : undefined);
		const [wq, wk, wv, wo] = ['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((n) => w(`self_attn.${n}.weight`));
		const [bq, bk, bv] = ['q_proj', 'k_proj', 'v_proj'].map((n) => bias(`self_attn.${n}.bias`));
		const normIn = w('input_layernorm.weight'), normPost = w('post_attention_layernorm.weight');
		const Q: Float64Array[] = [], K: Float64Array[] = [], V: Float64Array[] = [];
		for (let t = 0; t < T; t++) {
			const h = rmsNorm(xs[t], normIn, s.rmsNormEps);
			const qt = matVec(wq, q, s.hidden, h, bq), kt = matVec(wk, kv, s.hidden, h, bk);
			rope(qt, s.heads, s.headDim, t, s.ropeTheta);
			rope(kt, s.kvHeads, s.headDim, t, s.ropeTheta);
			Q.push(qt), K.push(kt), V.push(matVec(wv, kv, s.hidden, h, bv));
		}
		const scale = 1 / Math.sqrt(s.headDim);
		xs = xs.map((x, t) => {
			const att = new Float64Array(q);
			for (let hd = 0; hd < s.heads; hd++) {
				const ko = Math.floor(hd / group) * s.headDim, qo = hd * s.headDim;
				const scores = Array.from({ length: t + 1 }, (_, u) => {
					let d = 0;
					for (let i = 0; i < s.headDim; i++) d += Q[t][qo + i] * K[u][ko + i];
					return d * scale;
				});
				const m = Math.max(...scores);
				const e = scores.map((v) => Math.exp(v - m));
				const z = e.reduce((a, b) => a + b, 0);
				for (let u = 0; u <= t; u++) for (let i = 0; i < s.headDim; i++) att[qo + i] += (e[u] / z) * V[u][ko + i];
			}
			const o = matVec(wo, s.hidden, q, att);
			return x.map((v, i) => v + o[i]);
		});
		const [wg, wu, wd] = ['gate_proj', 'up_proj', 'down_proj'].map((n) => w(`mlp.${n}.weight`));
		xs = xs.map((x) => {
			const h = rmsNorm(x, normPost, s.rmsNormEps);
			const g = matVec(wg, s.intermediate, s.hidden, h), u = matVec(wu, s.intermediate, s.hidden, h);
			const act = g.map((v, i) => (v / (1 + Math.exp(-v))) * u[i]);
			const d = matVec(wd, s.hidden, s.intermediate, act);
			return x.map((v, i) => v + d[i]);
		});
		onLayer?.(l);
	}
	const norm = ck.get('model.norm.weight');
	const head = s.tied ? embed : ck.get('lm_head.weight');
	return xs.map((x) => matVec(head, s.vocab, s.hidden, rmsNorm(x, norm, s.rmsNormEps)));
}
