import { describe, expect, it } from 'vitest';
import { parseGgufPrefix, type GgufHeader } from '$lib/convert/formats/gguf';
import { ggufArchConfig, ggufVocab } from '$lib/convert/formats/gguf-arch';
import { ConvertError } from '$lib/convert/types';
import { f32, str, strings, u32, writeGguf, type GgufSpec, type GgufTyped } from '../helpers/convert/gguf';
import { failure } from '../helpers/convert/failure';

const F32 = 0, F16 = 1, Q8_0 = 8, Q4_K = 12, Q6_K = 14;
const fill = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

function llamaSpec(overrides: Partial<GgufSpec> = {}): GgufSpec {
	const tokens = ['<unk>', '<s>', '</s>', '▁the', 'é', '<0x0A>'];
	return {
		metadata: [
			['general.architecture', str('llama')],
			['general.name', str('FILM-7B mini')],
			['llama.context_length', u32(32768)],
			['llama.embedding_length', u32(512)],
			['llama.block_count', u32(2)],
			['llama.feed_forward_length', u32(1024)],
			['llama.attention.head_count', u32(8)],
			['llama.attention.head_count_kv', u32(2)],
			['llama.rope.freq_base', f32(1e6)],
			['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
			['tokenizer.ggml.model', str('llama')],
			['tokenizer.ggml.tokens', strings(tokens)],
			['tokenizer.ggml.scores', { type: 'array', of: 'f32', items: tokens.map((_, i) => f32(0 - i)) }],
			['tokenizer.ggml.token_type', { type: 'array', of: 'i32', items: tokens.map(() => ({ type: 'i32', value: 1 })) }],
			// Every scalar type once, and an array of arrays.
			['test.u8', { type: 'u8', value: 255 }],
			['test.i8', { type: 'i8', value: -128 }],
			['test.u16', { type: 'u16', value: 65535 }],
			['test.i16', { type: 'i16', value: -32768 }],
			['test.i32', { type: 'i32', value: -5 }],
			['test.bool', { type: 'bool', value: true }],
			['test.u64', { type: 'u64', value: 2n ** 63n + 5n }],
			['test.i64', { type: 'i64', value: -7n }],
			['test.f64', { type: 'f64', value: Math.PI }],
			['test.nested', { type: 'array', of: 'array', items: [strings(['a', 'b']), { type: 'array', of: 'u8', items: [{ type: 'u8', value: 9 }] }] } as GgufTyped]
		],
		tensors: [
			{ name: 'token_embd.weight', dims: [512, 6], type: Q4_K, data: fill(6 * 2 * 144, 1) },
			{ name: 'blk.0.attn_norm.weight', dims: [512], type: F32, data: fill(2048, 2) },
			{ name: 'blk.0.attn_q.weight', dims: [512, 512], type: Q8_0, data: fill(512 * 16 * 34, 3) },
			{ name: 'output.weight', dims: [512, 6], type: Q6_K, data: fill(6 * 2 * 210, 4) },
			{ name: 'blk.0.ffn_down.weight', dims: [256, 2, 3], type: F16, data: fill(256 * 6 * 2, 5) }
		],
		...overrides
	};
}

function parseWhole(bytes: Uint8Array, size: number | null = bytes.length): GgufHeader {
	const r = parseGgufPrefix(bytes, { name: 'film.gguf', index: 0, size });
	if (!r.done) throw new Error(`needs ${r.needBytes}`);
	return r.header;
}


describe('GGUF header', () => {
	it('reads every value type and the tensors: shapes reversed to row-major, offsets absolute and aligned', () => {
		const spec = llamaSpec();
		const { bytes, dataStart } = writeGguf(spec);
		const h = parseWhole(bytes);
		expect([h.version, h.alignment, h.dataStart]).toEqual([3, 32, dataStart]);
		const m = h.metadata;
		expect([m.get('test.u8'), m.get('test.i8'), m.get('test.u16'), m.get('test.i16'), m.get('test.i32'), m.get('test.bool')]).toEqual([
			255, -128, 65535, -32768, -5, true
		]);
		expect([m.get('test.u64'), m.get('test.i64'), m.get('test.f64')]).toEqual([2n ** 63n + 5n, -7, Math.PI]);
		expect(m.get('test.nested')).toEqual([['a', 'b'], [9]]);
		expect(m.get('llama.rope.freq_base')).toBe(1e6);
		expect(m.get('tokenizer.ggml.scores')).toEqual([0, -1, -2, -3, -4, -5]);
		expect(h.tensors.map((t) => [t.name, t.dtype, t.shape, t.nbytes])).toEqual([
			['token_embd.weight', 'Q4_K', [6, 512], 1728],
			['blk.0.attn_norm.weight', 'F32', [512], 2048],
			['blk.0.attn_q.weight', 'Q8_0', [512, 512], 278528],
			['output.weight', 'Q6_K', [6, 512], 2520],
			['blk.0.ffn_down.weight', 'F16', [3, 2, 256], 3072]
		]);
		for (const [i, t] of h.tensors.entries()) {
			expect(t.offset % 32).toBe(0);
			expect(bytes.subarray(t.offset, t.offset + t.nbytes)).toEqual(spec.tensors[i].data);
		}
		expect(ggufVocab(h, 'film.gguf')).toEqual(['<unk>', '<s>', '</s>', '▁the', 'é', '<0x0A>']);
	});

	it('on a prefix too short says how long a prefix it needs, and converges without reading tensor data', () => {
		const { bytes, dataStart } = writeGguf(llamaSpec());
		const whole = parseWhole(bytes);
		for (const start of [0, 3, 24, 100, dataStart - 1]) {
			let have = start;
			let rounds = 0;
			for (;;) {
				const r = parseGgufPrefix(bytes.subarray(0, have), { name: 'film.gguf', index: 0, size: bytes.length });
				if (r.done) {
					expect(r.header).toEqual(whole);
					break;
				}
				expect(r.needBytes).toBeGreaterThan(have);
				expect(r.needBytes).toBeLessThanOrEqual(dataStart);
				have = r.needBytes;
				rounds++;
			}
			expect(have).toBeLessThanOrEqual(dataStart);
			if (start === 0) expect(rounds).toBeGreaterThan(10);
		}
	});

	it('an unknown size still parses from a prefix; a known size refuses claims past the end as truncated', () => {
		const { bytes, dataStart } = writeGguf(llamaSpec());
		expect(parseWhole(bytes.subarray(0, dataStart), null).tensors).toHaveLength(5);
		const e = failure(() => parseWhole(bytes.subarray(0, bytes.length - 10)));
		expect([e.kind, e.file]).toEqual(['truncated', 'film.gguf']);
		expect(e.message).toMatch(/tensor "blk.0.ffn_down.weight" ends at byte \d+ but the file has \d+/);
		const e2 = failure(() => parseWhole(bytes.subarray(0, 200), 200));
		expect(e2.kind).toBe('truncated');
	});

	it('reads version 2, refuses version 1 and big-endian files saying so, and files that are not GGUF', () => {
		expect(parseWhole(writeGguf(llamaSpec({ version: 2 })).bytes).version).toBe(2);
		const v1 = failure(() => parseWhole(writeGguf(llamaSpec({ version: 1 })).bytes));
		expect([v1.kind, v1.message]).toEqual(['unsupported', expect.stringMatching(/GGUF version 1 .*not read.*version 3/)]);
		const be = failure(() => parseWhole(writeGguf(llamaSpec({ version: 0x03000000 })).bytes));
		expect(be.message).toMatch(/big-endian/);
		const v9 = failure(() => parseWhole(writeGguf(llamaSpec({ version: 9 })).bytes));
		expect(v9.message).toMatch(/version 9 is newer.*2 and 3/);
		const not = failure(() => parseWhole(writeGguf(llamaSpec({ magic: 'PK\x03\x04' })).bytes));
		expect([not.kind, not.message]).toEqual(['format', 'film.gguf: not a GGUF file (it does not start with "GGUF")']);
	});

	it('a block type it does not read is a dtype error with the tensor and ggml name', () => {
		const spec = llamaSpec();
		spec.tensors[2] = { ...spec.tensors[2], type: 16 };
		const e = failure(() => parseWhole(writeGguf(spec).bytes));
		expect(e.kind).toBe('dtype');
		expect(e.message).toBe('film.gguf: tensor "blk.0.attn_q.weight" is IQ2_XXS; the converter reads F32, F16, Q4_0, Q8_0, Q4_K, Q5_K, Q6_K, BF16');
		spec.tensors[2] = { ...spec.tensors[2], type: 77 };
		expect(failure(() => parseWhole(writeGguf(spec).bytes)).message).toMatch(/is type 77;/);
	});

	it('honours general.alignment, and refuses rows that are not whole blocks', () => {
		const spec = llamaSpec({ alignment: 64 });
		spec.metadata.push(['general.alignment', u32(64)]);
		const { bytes, dataStart } = writeGguf(spec);
		const h = parseWhole(bytes);
		expect([h.alignment, h.dataStart, dataStart % 64]).toEqual([64, dataStart, 0]);
		const bad = llamaSpec();
		bad.tensors[0] = { ...bad.tensors[0], dims: [500, 6] };
		expect(failure(() => parseWhole(writeGguf(bad).bytes)).message).toMatch(/token_embd.weight.*whole blocks of 256; 500 columns/);
	});
});

describe('GGUF architecture', () => {
	it('llama maps to the mistral family with its hyper-parameters; an output tensor means untied', () => {
		const h = parseWhole(writeGguf(llamaSpec()).bytes);
		expect(ggufArchConfig(h, 'film.gguf')).toEqual({
			family: 'mistral',
			declared: 'llama',
			hiddenSize: 512,
			intermediateSize: 1024,
			numLayers: 2,
			numHeads: 8,
			numKvHeads: 2,
			headDim: 64,
			vocabSize: 6,
			ropeTheta: 1e6,
			rmsNormEps: Math.fround(1e-5),
			maxPositionEmbeddings: 32768,
			slidingWindow: null,
			tieWordEmbeddings: false
		});
	});

	it('qwen2 keys, a tied head, and a refusal that lists what is supported', () => {
		const spec = llamaSpec();
		spec.metadata = spec.metadata.map(([k, v]) => [k.replace(/^llama\./, 'qwen2.'), k === 'general.architecture' ? str('qwen2') : v]);
		spec.tensors = spec.tensors.filter((t) => t.name !== 'output.weight');
		const c = ggufArchConfig(parseWhole(writeGguf(spec).bytes), 'q.gguf');
		expect([c.family, c.declared, c.tieWordEmbeddings, c.numKvHeads]).toEqual(['qwen2', 'qwen2', true, 2]);
		spec.metadata[0] = ['general.architecture', str('gemma')];
		const e = failure(() => ggufArchConfig(parseWhole(writeGguf(spec).bytes), 'g.gguf'));
		expect([e.kind, e.message]).toEqual(['unsupported', 'g.gguf: architecture "gemma" is not supported; the converter reads "llama" and "qwen2" GGUF files']);
	});

	it('a missing hyper-parameter is named', () => {
		const spec = llamaSpec();
		spec.metadata = spec.metadata.filter(([k]) => k !== 'llama.block_count');
		expect(() => ggufArchConfig(parseWhole(writeGguf(spec).bytes), 'film.gguf')).toThrow(/llama.block_count must be a positive integer \(got missing\)/);
	});
});
