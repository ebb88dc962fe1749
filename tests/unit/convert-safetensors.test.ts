import { describe, expect, it } from 'vitest';
import { checkAgainstIndex, parseSafetensorsHeader, parseSafetensorsIndex, safetensorsHeaderLength } from '$lib/convert/formats/safetensors';
import { ConvertError, type SourceTensor } from '$lib/convert/types';
import { bf16Bytes, f16Bytes, f32Bytes, safetensorsFile, safetensorsParts, type TensorBytes } from '../helpers/convert/safetensors';
import { failure } from '../helpers/convert/failure';

const TENSORS: TensorBytes[] = [
	{ name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [4, 2], data: bf16Bytes([1, 2, 3, 4, -1, -2, 0.5, 0.25]) },
	{ name: 'model.norm.weight', dtype: 'F32', shape: [2], data: f32Bytes([1.5, -3]) },
	{ name: 'lm_head.weight', dtype: 'F16', shape: [4, 2], data: f16Bytes([1, 2, 3, 4, 5, 6, 7, 8]) }
];

/** Parses a whole file held in memory, as open.ts does with two reads. */
function parse(bytes: Uint8Array, name = 'model.safetensors', size = bytes.length): SourceTensor[] {
	const file = { name, index: 3, size };
	const n = safetensorsHeaderLength(bytes.subarray(0, 8), file);
	return parseSafetensorsHeader(bytes.subarray(8, 8 + n), file);
}


function corrupt(edit: (h: Record<string, Record<string, unknown>>) => void): Uint8Array {
	const parts = safetensorsParts(TENSORS);
	edit(parts.header as Record<string, Record<string, unknown>>);
	return safetensorsFile(parts);
}

describe('safetensors header', () => {
	it('gives every tensor with its dtype, shape and absolute offset; the bytes there are the tensor', () => {
		const bytes = safetensorsFile(safetensorsParts(TENSORS));
		const tensors = parse(bytes);
		expect(tensors.map((t) => [t.name, t.dtype, t.shape, t.nbytes, t.file])).toEqual([
			['model.embed_tokens.weight', 'BF16', [4, 2], 16, 3],
			['model.norm.weight', 'F32', [2], 8, 3],
			['lm_head.weight', 'F16', [4, 2], 16, 3]
		]);
		for (const [i, t] of tensors.entries()) expect(bytes.subarray(t.offset, t.offset + t.nbytes)).toEqual(TENSORS[i].data);
		expect(new Float32Array(bytes.slice(tensors[1].offset, tensors[1].offset + 8).buffer)).toEqual(new Float32Array([1.5, -3]));
	});

	it('a file shorter than 8 bytes, or with a header cut off, is truncated', () => {
		const e1 = failure(() => parse(new Uint8Array(5)));
		expect([e1.kind, e1.file]).toEqual(['truncated', 'model.safetensors']);
		expect(e1.message).toMatch(/5 bytes.*8-byte header length/);
		const bytes = safetensorsFile(safetensorsParts(TENSORS));
		const e2 = failure(() => parse(bytes.subarray(0, 40), 'model-00002-of-00003.safetensors'));
		expect(e2.kind).toBe('truncated');
		expect(e2.message).toMatch(/^model-00002-of-00003\.safetensors: the header claims \d+ bytes but the file has 32 .*download it again/);
	});

	it('a header length that is not sane is a format error', () => {
		const parts = safetensorsParts(TENSORS);
		for (const declared of [0, 1, 2e8, 2 ** 40]) {
			const e = failure(() => parse(safetensorsFile(parts, { declaredLength: declared })));
			expect([e.kind, declared]).toEqual(['format', declared]);
			expect(e.message).toMatch(/header length \d+ is not sane/);
		}
	});

	it('data cut short is truncated, naming the tensor that runs past the end', () => {
		const bytes = safetensorsFile(safetensorsParts(TENSORS));
		const e = failure(() => parse(bytes.subarray(0, bytes.length - 3)));
		expect(e.kind).toBe('truncated');
		expect(e.message).toMatch(/tensor "lm_head.weight" ends at byte \d+ but the file has \d+/);
	});

	it('a dtype it does not read is a dtype error naming the tensor and the dtypes it reads', () => {
		const e = failure(() => parse(corrupt((h) => (h['model.norm.weight'].dtype = 'I8'))));
		expect(e.kind).toBe('dtype');
		expect(e.message).toBe('model.safetensors: tensor "model.norm.weight" is I8; the converter reads F32, F16, BF16 safetensors');
	});

	it('overlapping offsets are a format error naming both tensors', () => {
		const e = failure(() => parse(corrupt((h) => (h['lm_head.weight'].data_offsets = [20, 36]))));
		expect(e.kind).toBe('format');
		expect(e.message).toMatch(/tensors "model.norm.weight" and "lm_head.weight" overlap/);
	});

	it('each missing or malformed field has its own message', () => {
		const cases: [string, (h: Record<string, Record<string, unknown>>) => void, RegExp][] = [
			['no dtype', (h) => delete h['model.norm.weight'].dtype, /tensor "model.norm.weight" has no dtype/],
			['no shape', (h) => delete h['model.norm.weight'].shape, /tensor "model.norm.weight" has no shape/],
			['no offsets', (h) => delete h['model.norm.weight'].data_offsets, /tensor "model.norm.weight" has no data_offsets/],
			['bad dim', (h) => (h['model.norm.weight'].shape = [-2]), /shape\[0\] must be an integer ≥ 0/],
			['size mismatch', (h) => (h['model.norm.weight'].shape = [3]), /spans 8 bytes but F32 \[3\] needs 12/],
			['offsets shape', (h) => (h['model.norm.weight'].data_offsets = [16]), /data_offsets must be \[begin, end\]/],
			['entry not object', (h) => ((h as Record<string, unknown>)['model.norm.weight'] = 7), /tensor "model.norm.weight" must be a JSON object/]
		];
		for (const [label, edit, re] of cases) {
			const e = failure(() => parse(corrupt(edit)));
			expect([label, e.kind]).toEqual([label, 'format']);
			expect(e.message, label).toMatch(re);
		}
	});

	it('a header that is not JSON, or not an object, is a format error', () => {
		const text = new TextEncoder().encode('[1, 2, 3]');
		const file = new Uint8Array(8 + text.length);
		new DataView(file.buffer).setUint32(0, text.length, true);
		file.set(text, 8);
		expect(failure(() => parse(file)).message).toMatch(/the header must be a JSON object/);
		file.set(new TextEncoder().encode('{"a": '), 8);
		const e = failure(() => parse(file));
		expect([e.kind, e.message.startsWith('model.safetensors is not valid JSON')]).toEqual(['format', true]);
	});
});

describe('safetensors index', () => {
	const index = JSON.stringify({
		metadata: { total_size: 40 },
		weight_map: { 'lm_head.weight': 'model-00002-of-00002.safetensors', 'model.embed_tokens.weight': 'model-00001-of-00002.safetensors' }
	});

	it('gives the shards sorted by name and where each tensor is', () => {
		const ix = parseSafetensorsIndex(index);
		expect(ix.files).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
		expect(ix.weightMap.get('lm_head.weight')).toBe('model-00002-of-00002.safetensors');
	});

	it('refuses a missing weight_map, an empty one, and paths that climb out of the folder', () => {
		expect(() => parseSafetensorsIndex('{}')).toThrow(/weight_map must be a JSON object/);
		expect(() => parseSafetensorsIndex('{"weight_map": {}}')).toThrow(/weight_map is empty/);
		expect(() => parseSafetensorsIndex('{"weight_map": {"a": "../x.safetensors"}}')).toThrow(/unsafe path/);
		expect(() => parseSafetensorsIndex('{"weight_map": {"a": "/etc/x"}}')).toThrow(/unsafe path/);
	});

	it('a mapped tensor absent from its shard is a missing-tensor error naming the shard', () => {
		const ix = parseSafetensorsIndex(index);
		const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
		const t = (name: string, file: number): SourceTensor => ({ name, dtype: 'F32', shape: [1], file, offset: 8, nbytes: 4 });
		checkAgainstIndex(ix, [t('model.embed_tokens.weight', 0), t('lm_head.weight', 1)], names);
		const e = failure(() => checkAgainstIndex(ix, [t('model.embed_tokens.weight', 0)], names));
		expect([e.kind, e.file]).toEqual(['missing-tensor', 'model-00002-of-00002.safetensors']);
		expect(failure(() => checkAgainstIndex(ix, [t('model.embed_tokens.weight', 1), t('lm_head.weight', 1)], names)).message).toMatch(
			/mapped to model-00001-of-00002.safetensors but found in model-00002-of-00002.safetensors/
		);
	});
});
