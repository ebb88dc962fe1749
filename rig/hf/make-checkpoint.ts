// A seeded Hugging Face checkpoint for a model library: config.json, safetensors shards with
// model.safetensors.index.json (as save_pretrained writes them), and tokenizer.json. For the converter's checks.
//
// Values ('grid', the default) sit exactly on the q4 grid: every group of 32 along a row holds (q − 7) × 2^-8 with
// q in 0…14 and one element at ±7 × 2^-8, so the group's scale is 2^-8 exactly and 4-bit quantization is lossless.
// A forward pass over these source values then equals one over the converted weights up to kernel arithmetic, so a
// logit comparison tests the layout (names, row order, nibble order, scales) and nothing else. Norms (k / 64,
// k in 32…96) and biases (N(0, 0.02)) are random so that a swapped norm or bias shows too. 'normal' draws every
// weight from N(0, 0.02) instead, for measuring quantization error.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng, buildTokenizerJson } from '../../src/lib/engines/webllm/synthetic/index';
import { hfConfig, hfTensors, type HfShape, type HfTensor } from './checkpoint-spec';
import { tensorBytes, writeSafetensors, type StDType, type TensorToWrite } from './safetensors-writer';

export type ValueMode = 'grid' | 'normal';

export interface CheckpointOptions {
	outDir: string;
	shape: HfShape;
	seed: number;
	dtype: 'BF16' | 'F32';
	shards: number;
	values?: ValueMode;
	/** tokenizer.json to write (default: a WordLevel vocabulary of `vocab` words, w<i>). */
	tokenizerJson?: string;
}

export const GRID_SCALE = 2 ** -8;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** f32 → bf16 bits, to nearest with ties to even. */
export function bf16Bits(x: number): number {
	f32[0] = x;
	const b = u32[0];
	return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

/** The value a tensor element has in the checkpoint (after rounding to its dtype), for one tensor at a time. */
export function tensorValues(t: HfTensor, seed: number, values: ValueMode): Float32Array {
	const rng = createRng(seed, t.name);
	const n = t.shape.reduce((a, b) => a * b, 1);
	const out = new Float32Array(n);
	if (t.role === 'norm') for (let i = 0; i < n; i++) out[i] = (32 + (rng.u32() % 65)) / 64;
	else if (t.role === 'bias' || values === 'normal') for (let i = 0; i < n; i++) out[i] = rng.normal(0, 0.02);
	else {
		for (let i = 0; i < n; i++) out[i] = ((rng.u32() % 15) - 7) * GRID_SCALE;
		// One element of every group of 32 at ±7: the group's max, so its scale is exactly GRID_SCALE.
		for (let g = 0; g < n; g += 32) out[g] = (rng.u32() & 1 ? 7 : -7) * GRID_SCALE;
	}
	return out;
}

function encode(values: Float32Array, dtype: StDType, out: Uint8Array): void {
	const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
	if (dtype === 'F32') for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i], true);
	else for (let i = 0; i < values.length; i++) dv.setUint16(i * 2, bf16Bits(values[i]), true);
}

/** Splits tensors (in module order) into `n` files of about equal size, as save_pretrained's max_shard_size does. */
export function shardFiles<T extends { shape: number[] }>(tensors: T[], n: number, elemBytes: number): T[][] {
	const size = (t: T) => t.shape.reduce((a, b) => a * b, 1) * elemBytes;
	const total = tensors.reduce((a, t) => a + size(t), 0);
	const files: T[][] = [[]];
	let acc = 0;
	for (const t of tensors) {
		if (acc >= (total / n) * files.length && files.length < n) files.push([]);
		files[files.length - 1].push(t);
		acc += size(t);
	}
	return files;
}

export interface CheckpointManifest {
	files: { name: string; bytes: number }[];
	tensors: number;
	params: number;
}

export async function makeCheckpoint(o: CheckpointOptions): Promise<CheckpointManifest> {
	const values = o.values ?? 'grid';
	await mkdir(o.outDir, { recursive: true });
	const all = hfTensors(o.shape);
	const groups = shardFiles(all, o.shards, o.dtype === 'F32' ? 4 : 2);
	const files: CheckpointManifest['files'] = [];
	const weightMap: Record<string, string> = {};
	let total = 0;
	for (let f = 0; f < groups.length; f++) {
		const name = groups.length === 1 ? 'model.safetensors' : `model-${String(f + 1).padStart(5, '0')}-of-${String(groups.length).padStart(5, '0')}.safetensors`;
		const toWrite: TensorToWrite[] = groups[f].map((t) => ({
			name: t.name,
			dtype: o.dtype,
			shape: t.shape,
			fill: (out) => encode(tensorValues(t, o.seed, values), o.dtype, out)
		}));
		const bytes = await writeSafetensors(join(o.outDir, name), toWrite);
		for (const t of toWrite) {
			weightMap[t.name] = name;
			total += tensorBytes(t);
		}
		files.push({ name, bytes });
	}
	const put = async (name: string, text: string) => {
		await writeFile(join(o.outDir, name), text);
		files.push({ name, bytes: Buffer.byteLength(text) });
	};
	if (groups.length > 1) await put('model.safetensors.index.json', JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2));
	await put('config.json', JSON.stringify(hfConfig(o.shape, o.dtype === 'F32' ? 'float32' : 'bfloat16'), null, 2));
	await put('tokenizer.json', o.tokenizerJson ?? buildTokenizerJson(o.shape.vocab));
	return { files, tensors: all.length, params: all.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0) };
}
