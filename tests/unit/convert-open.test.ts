import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeRow } from '$lib/convert/formats/gguf-blocks';
import { openSource } from '$lib/convert/open';
import { ConvertError, type SourceModel } from '$lib/convert/types';
import { fsFolderSource } from '../../cli/convert/fs-source';
import { GGUF_NAME_OF, hfConfig, TINY, TINY_VOCAB, tinyGguf, tinyMlcFolder, tinySafetensorsFolder, tinyShapes, tinyValues, type Files } from '../helpers/convert/model-folder';
import { writeFiles } from '../helpers/convert/write-files';
import { firstDifference } from '../helpers/convert/bytes';
import { startHfServer, type HfServer, type RequestLog } from '../helpers/hf-server';
import { failureOf as failure } from '../helpers/convert/failure';

let root: string;
let server: HfServer;
const folders: Record<string, Files> = {};
const gguf = tinyGguf();


/** Bytes 8 + N of a safetensors file: where its data starts. */
const dataStartOf = (bytes: Uint8Array) => 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
const rangeOf = (r: RequestLog) => {
	const m = /^bytes=(\d+)-(\d+)$/.exec(r.range ?? '');
	return m ? [Number(m[1]), Number(m[2])] : null;
};

/** Every tensor's values, read back through the source at its offset: the offsets are right end to end. */
async function valuesMatch(opened: Awaited<ReturnType<typeof openSource>>): Promise<void> {
	const { model, source } = opened;
	for (const t of model.tensors) {
		const bytes = await source.read(model.files[t.file].name, t.offset, t.nbytes);
		const out = new Float32Array(t.shape.reduce((a, b) => a * b, 1));
		const hfName = Object.entries(GGUF_NAME_OF).find(([, g]) => g === t.name)?.[0] ?? t.name;
		decodeRow(t.dtype, bytes, out);
		const want = new Float32Array(tinyValues(hfName, out.length));
		expect(firstDifference(new Uint8Array(out.buffer), new Uint8Array(want.buffer)), t.name).toBe(-1);
	}
}

function expectTinyMistral(model: SourceModel, declared = 'MistralForCausalLM'): void {
	expect(model.config).toMatchObject({ family: 'mistral', declared, hiddenSize: 64, numHeads: 4, numKvHeads: 2, headDim: 16, vocabSize: 8, numLayers: 1 });
	expect(model.vocab).toEqual(TINY_VOCAB);
}

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'open-src-'));
	Object.assign(folders, {
		'f32': tinySafetensorsFolder({ dtype: 'F32', tokenizer: 'model' }),
		'bf16': tinySafetensorsFolder({ dtype: 'BF16', shards: 3, tokenizer: 'json' }),
		'f16': tinySafetensorsFolder({ dtype: 'F16', tokenizer: 'json' }),
		'gguf': { 'tiny-Q8_0.gguf': gguf.bytes },
		'ggufs': { 'a.gguf': gguf.bytes, 'b.gguf': gguf.bytes },
		'mlc': tinyMlcFolder(),
		'mlc-old': tinyMlcFolder('ndarray-cache.json'),
		'gemma': { ...tinySafetensorsFolder({ dtype: 'F32' }), 'config.json': new TextEncoder().encode(JSON.stringify(hfConfig({ architectures: ['GemmaForCausalLM'] }))) }
	});
	for (const [name, files] of Object.entries(folders)) await writeFiles(join(root, 't', name), files);
	server = await startHfServer({ root });
});
afterAll(async () => {
	await server.close();
	await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
	server.requests.length = 0;
});

describe('openSource', () => {
	it('safetensors F32 from files on disk, with tokenizer.model: every tensor, the config, the vocabulary', async () => {
		const opened = await openSource({ kind: 'source', source: await fsFolderSource(join(root, 't', 'f32')) });
		const { model } = opened;
		expect(model.format).toBe('safetensors');
		expectTinyMistral(model);
		expect(model.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual(tinyShapes().map(([n, s]) => [n, 'F32', s]));
		expect(model.files).toEqual([{ name: 'model.safetensors', size: folders.f32['model.safetensors'].length, expectedSha256: null }]);
		expect(model.tokenizerJson).toBeNull();
		expect(model.origin!.metadataFiles.map((f) => [f.name, f.sha256])).toEqual(
			['config.json', 'tokenizer.model'].map((n) => [n, createHash('sha256').update(folders.f32[n]).digest('hex')])
		);
		await valuesMatch(opened);
	});

	it('safetensors BF16 in three shards from the Hub: pinned commit, publisher SHA-256s, no tensor data read', async () => {
		const opened = await openSource({ kind: 'hf', repo: 't/bf16' }, { endpoint: server.url });
		const { model } = opened;
		expectTinyMistral(model);
		expect(model.files.map((f) => f.name)).toEqual(['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors']);
		for (const f of model.files) expect(f.expectedSha256).toBe(createHash('sha256').update(folders.bf16[f.name]).digest('hex'));
		expect(model.tensors.every((t) => t.dtype === 'BF16')).toBe(true);
		expect(model.origin).toMatchObject({ kind: 'hf', location: 't/bf16', revision: 'main', commit: await server.commitOf('t/bf16') });
		expect(typeof model.tokenizerJson).toBe('string');
		for (const r of server.requests.filter((r) => r.path.endsWith('.safetensors'))) {
			const [, end] = rangeOf(r)!;
			expect(end, `${r.path} ${r.range}`).toBeLessThan(dataStartOf(folders.bf16[r.path.slice(r.path.lastIndexOf('/') + 1)]));
		}
		await valuesMatch(opened);
	});

	it('safetensors F16 from a plain folder URL, with no listing: files found by asking for them', async () => {
		const opened = await openSource({ kind: 'url', url: `${server.url}/t/f16` });
		expectTinyMistral(opened.model);
		expect(opened.model.origin).toMatchObject({ kind: 'url', location: `${server.url}/t/f16`, commit: null });
		expect(server.requests.map((r) => [r.path, r.status]).filter(([, s]) => s === 404)).toEqual([
			['/t/f16/mlc-chat-config.json', 404],
			['/t/f16/model.safetensors.index.json', 404]
		]);
		await valuesMatch(opened);
	});

	it('a GGUF by URL: a growing prefix, never a request that starts in the tensor data', async () => {
		const opened = await openSource({ kind: 'url', url: `${server.url}/t/gguf/tiny-Q8_0.gguf` }, { ggufPrefixBytes: 64 });
		const { model } = opened;
		expect(model.format).toBe('gguf');
		expectTinyMistral(model, 'llama');
		expect(model.tensors.find((t) => t.name === 'blk.0.attn_q.weight')).toMatchObject({ dtype: 'Q8_0', shape: [64, 64] });
		const ranges = server.requests.map(rangeOf).filter((r) => r !== null);
		expect(ranges.length).toBeGreaterThan(3);
		for (const [start] of ranges) expect(start).toBeLessThan(gguf.dataStart);
		await valuesMatch(opened);
	});

	it('a Hub repo of several GGUFs asks which; a /resolve/ URL names one', async () => {
		const e = await failure(openSource({ kind: 'hf', repo: 't/ggufs' }, { endpoint: server.url }));
		expect([e.kind, e.message]).toEqual(['format', expect.stringMatching(/holds 2 GGUF files \(a.gguf, b.gguf\): pick one/)]);
		const { model } = await openSource({ kind: 'hf', repo: `${server.url}/t/ggufs/resolve/main/b.gguf` }, { endpoint: server.url });
		expect([model.files[0].name, model.files[0].expectedSha256]).toEqual(['b.gguf', createHash('sha256').update(gguf.bytes).digest('hex')]);
	});

	it('an MLC q4f16_1 folder (tensor-cache.json or ndarray-cache.json): records as U32 and F16 tensors, shards as files', async () => {
		for (const name of ['mlc', 'mlc-old']) {
			const { model } = await openSource({ kind: 'hf', repo: `t/${name}` }, { endpoint: server.url });
			expect([model.format, model.quantization, model.config.family]).toEqual(['mlc', 'q4f16_1', 'mistral']);
			expect(model.files.map((f) => f.name)).toEqual(['params_shard_0.bin', 'params_shard_1.bin', 'params_shard_2.bin']);
			expect(new Set(model.tensors.map((t) => t.dtype))).toEqual(new Set(['U32', 'F16']));
			expect(model.vocab).toEqual(TINY_VOCAB);
		}
		const byUrl = await openSource({ kind: 'url', url: `${server.url}/t/mlc/` });
		expect(byUrl.model.format).toBe('mlc');
	});

	it('refuses an unsupported architecture after reading config.json alone', async () => {
		const e = await failure(openSource({ kind: 'hf', repo: 't/gemma' }, { endpoint: server.url }));
		expect([e.kind, e.message]).toEqual(['unsupported', expect.stringMatching(/GemmaForCausalLM is not supported/)]);
		expect(server.requests.map((r) => r.path)).toEqual(['/api/models/t/gemma/revision/main', `/t/gemma/resolve/${await server.commitOf('t/gemma')}/config.json`]);
	});

	it('a folder with no model, a missing shard and a cut shard each say which file', async () => {
		const none = await failure(openSource({ kind: 'source', source: await fsFolderSource(join(root, 't', 'gguf')), format: 'safetensors' }));
		expect([none.kind, none.file]).toEqual(['not-found', 'config.json']);
		server.faults = { notFound: ['t/bf16/model-00002-of-00003.safetensors'] };
		const missing = await failure(openSource({ kind: 'url', url: `${server.url}/t/bf16/` }));
		expect([missing.kind, missing.file]).toEqual(['not-found', 'model-00002-of-00003.safetensors']);
		server.faults = { truncate: { 't/f16/model.safetensors': 1000 } };
		const cut = await failure(openSource({ kind: 'url', url: `${server.url}/t/f16/` }));
		expect([cut.kind, cut.file]).toEqual(['truncated', 'model.safetensors']);
		server.faults = {};
	});

	it('the architecture it reports is the one in config.json, whatever the tensors say', async () => {
		const { model } = await openSource({ kind: 'source', source: await fsFolderSource(join(root, 't', 'f32')) });
		expect(model.config.intermediateSize).toBe(TINY.intermediate);
		expect(model.tensors.find((t) => t.name.endsWith('gate_proj.weight'))!.shape).toEqual([TINY.intermediate, TINY.hidden]);
	});
});
