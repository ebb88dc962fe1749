import { describe, expect, inject, it } from 'vitest';
import { decodeRow } from '$lib/convert/formats/gguf-blocks';
import { Sha256 } from '$lib/convert/hash/sha256';
import { compressWasm } from '$lib/convert/hash/sha256-wasm';
import { openSource } from '$lib/convert/open';
import { httpSource } from '$lib/convert/sources/http';
import { streamFile } from '$lib/convert/sources/stream';
import { ConvertError } from '$lib/convert/types';
import { TINY_VOCAB, tinySafetensorsFolder, tinyValues } from '../helpers/convert/model-folder';
import { failureOf as failure } from '../helpers/convert/failure';


describe('converter sources in a real browser page', () => {
	it('picked files: a folder of BF16 shards read through File.slice, matched by their path in the folder', async () => {
		const files = Object.entries(tinySafetensorsFolder({ dtype: 'BF16', shards: 2, tokenizer: 'model' })).map(([name, bytes]) => {
			const f = new File([bytes as BlobPart], name);
			Object.defineProperty(f, 'webkitRelativePath', { value: `FILM-7B/${name}` });
			return f;
		});
		const { model, source } = await openSource({ kind: 'files', files });
		expect([model.format, model.config.declared, model.files.length]).toEqual(['safetensors', 'MistralForCausalLM', 2]);
		expect(model.vocab).toEqual(TINY_VOCAB);
		const t = model.tensors.find((x) => x.name === 'model.layers.0.mlp.down_proj.weight')!;
		const out = new Float32Array(t.nbytes / 2);
		decodeRow('BF16', await source.read(model.files[t.file].name, t.offset, t.nbytes), out);
		expect(Array.from(out)).toEqual(tinyValues(t.name, out.length));
	});

	it('the Hub over HTTP: pinned, headers read by Range, a shard streamed and hashed to the publisher SHA-256', async () => {
		expect(compressWasm()).not.toBeNull();
		const { model, source } = await openSource({ kind: 'hf', repo: 't/bf16' }, { endpoint: inject('hfUrl') });
		expect(model.origin?.commit).toMatch(/^[0-9a-f]{40}$/);
		const shard = model.files[1];
		const hash = new Sha256();
		let bytes = 0;
		for await (const c of streamFile(source, shard.name, { chunkBytes: 4096, inFlight: 3 })) {
			hash.update(c.bytes);
			bytes += c.bytes.length;
		}
		expect(bytes).toBe(shard.size);
		expect(hash.hex()).toBe(shard.expectedSha256);
	});

	it('a gated repository: no token is an auth error about tokens; with one, the preflighted reads work', async () => {
		const e = await failure(openSource({ kind: 'hf', repo: 't/gguf' }, { endpoint: inject('hfGatedUrl') }));
		expect([e.kind, e.message]).toEqual(['auth', expect.stringMatching(/gated or private.*access token/)]);
		const { model } = await openSource({ kind: 'hf', repo: 't/gguf' }, { endpoint: inject('hfGatedUrl'), token: inject('hfGatedToken') });
		expect([model.format, model.config.declared, model.vocab]).toEqual(['gguf', 'llama', TINY_VOCAB]);
	});

	it("a host that refuses this page's origin is a cors error that says how to tell it from the network", async () => {
		const s = httpSource(`${inject('hfNoCorsUrl')}/t/bf16/`, { retries: 1, backoffMs: 1 });
		const e = await failure(s.read('config.json', 0, 10));
		expect(e.kind).toBe('cors');
		expect(e.message).toMatch(/CORS\) or the network is down\. To tell which: open .*config.json in a new tab/);
	});
});
