// Subjects that run in Node: the fake web-llm (every case, over fake-indexeddb), and web-llm's real 0.2.86 and
// 0.2.79 modules, whose cache functions run in Node over the global fake-indexeddb (cache cases only: no GPU here).
import { IDBFactory } from 'fake-indexeddb';
import { makeFakeWebLlm } from '../fakes/web-llm';
import type { WebLlmModule } from '../../src/lib/engines/webllm/module';
import type { ModelFile, WebLlmVersion } from '../../src/lib/engines/webllm/runtime';
import type { ContractSubject } from './subject';

const MANIFEST = {
	metadata: { ParamSize: 2, ParamBytes: 48, BitsPerParam: 32 },
	records: [16, 32].map((nbytes, i) => ({ dataPath: `params_shard_${i}.bin`, format: 'raw-shard', nbytes, records: [] }))
};

/** A small model folder: the chat config, both manifests (0.2.79 and 0.2.86 names), a tokenizer and two shards. */
export function smallFolder(): ModelFile[] {
	const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255).buffer;
	return [
		{ name: 'mlc-chat-config.json', data: { vocab_size: 140, context_window_size: 512, tokenizer_files: ['tokenizer.json'], conv_template: {} } },
		{ name: 'tensor-cache.json', data: MANIFEST },
		{ name: 'ndarray-cache.json', data: new TextEncoder().encode(JSON.stringify(MANIFEST)).buffer },
		{ name: 'tokenizer.json', data: new TextEncoder().encode('{"model":{"type":"WordLevel"}}').buffer },
		...MANIFEST.records.map((r, i) => ({ name: r.dataPath, data: bytes(r.nbytes, i) }))
	];
}

function subject(label: string, webllm: WebLlmModule, version: WebLlmVersion, idb: IDBFactory, id: string): ContractSubject {
	const baseUrl = `https://contract.invalid/${id}/resolve/main/`;
	const lib = `https://contract.invalid/libs/${id}.wasm`;
	return {
		label,
		webllm,
		version,
		idb,
		folder: { baseUrl, record: { model: baseUrl, model_id: id, model_lib: lib }, files: smallFolder(), library: { url: lib, bytes: new Uint8Array(64).fill(7).buffer } },
		// The fake's character tokenizer: "▁" (131) before the text, then each character's code + 3.
		sample: { text: 'ab', ids: [131, 100, 101] },
		prefix: [40, 50, 60, 70],
		next: 80,
		vocabSize: 140,
		contextWindow: 512,
		maxBatchSize: 80
	};
}

export function fakeSubject(): ContractSubject {
	const idb = new IDBFactory();
	return subject('the fake web-llm', makeFakeWebLlm({ idb, batch: {} }), '0.2.86', idb, 'fake-contract');
}

export async function realModuleSubject(version: WebLlmVersion): Promise<ContractSubject> {
	const mod = (version === '0.2.86' ? await import('@mlc-ai/web-llm') : await import('web-llm-0279')) as unknown as WebLlmModule;
	return subject(`web-llm ${version}'s cache functions`, mod, version, globalThis.indexedDB, `real-${version}`);
}
