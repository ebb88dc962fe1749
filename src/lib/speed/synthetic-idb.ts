// Synthetic weights put straight where web-llm reads them from, so loading needs no weight byte from the network:
// web-llm's IndexedDB cache, through the web-llm boundary's cache writer (runtime/cache.ts), which knows the layout
// and the form each web-llm version reads. web-llm checks its cache before every fetch, so a present file is never
// fetched.
import {
	buildChatConfig, buildTokenizerJson, fillTensor, inferDims, planShards, resolveParams, type LibraryMeta, type TensorCache, type TensorRecord
} from '$lib/engines/webllm/synthetic';
import { countUnder, deleteUnder, putModelFiles, type WebLlmVersion } from '$lib/engines/webllm/runtime';

export interface ProvisionOptions {
	/** The folder URL web-llm resolves the record's `model` to (…/resolve/main/). */
	baseUrl: string;
	/** Used where the library leaves `vocab_size` symbolic (Mistral libraries); FILM-7B has 32,000. */
	vocabSize: number;
	contextWindow: number;
	seed: number;
	/** The web-llm that will load the weights: the chat config's stored form depends on it. */
	webllm: WebLlmVersion;
	shardBytes?: number;
	idb?: IDBFactory;
	onProgress?: (doneBytes: number, totalBytes: number) => void;
	/**
	 * Makes and stores one shard (default: here, one after another). run.ts passes a pool of workers: generating
	 * 4 GiB of nibbles on one thread took ~2 of the first H100 run's 5.6 minutes.
	 */
	writeShard?: (job: ShardJob) => Promise<void>;
}

export interface ShardJob {
	url: string;
	nbytes: number;
	records: TensorRecord[];
	seed: number;
}

/** Fills one shard's bytes (tensors end to end, each from its own seeded stream) and stores it. */
export async function writeShardHere(job: ShardJob, idb: IDBFactory = indexedDB): Promise<void> {
	// One shard in memory at a time per thread: a 7B model is ~4 GiB, far more than a page should hold at once.
	const buf = new Uint8Array(job.nbytes);
	for (const t of job.records) fillTensor(t, job.seed, buf.subarray(t.byteOffset, t.byteOffset + t.nbytes));
	const cut = job.url.lastIndexOf('/') + 1;
	await putModelFiles(job.url.slice(0, cut), [{ name: job.url.slice(cut), data: buf.buffer }], idb);
}

export interface Provisioned {
	baseUrl: string;
	urls: string[];
	weightsBytes: number;
	shards: number;
	vocabSize: number;
}

/** The vocabulary size the weights will have: the library's own number where it gives one. */
export function vocabFor(meta: LibraryMeta, fallback: number): number {
	return inferDims(meta, {}).vocab_size ?? fallback;
}

export async function provisionSynthetic(meta: LibraryMeta, o: ProvisionOptions): Promise<Provisioned> {
	const idb = o.idb ?? indexedDB;
	const base = o.baseUrl;
	const vocabSize = vocabFor(meta, o.vocabSize);
	const cache: TensorCache = planShards(resolveParams(meta, inferDims(meta, { vocab_size: vocabSize })), o.shardBytes);
	const total = cache.metadata.ParamBytes;
	const urls: string[] = [];
	const tok = new TextEncoder().encode(buildTokenizerJson(vocabSize));
	const small = [
		{ name: 'mlc-chat-config.json', data: buildChatConfig(meta, { vocabSize, contextWindowSize: o.contextWindow }) },
		// 0.2.79 reads ndarray-cache.json, 0.2.80+ tensor-cache.json: both, so either worker loads.
		{ name: 'ndarray-cache.json', data: cache },
		{ name: 'tensor-cache.json', data: cache },
		{ name: 'tokenizer.json', data: tok.buffer.slice(tok.byteOffset, tok.byteOffset + tok.byteLength) }
	];
	await putModelFiles(base, small, idb, { webllm: o.webllm });
	urls.push(...small.map((f) => new URL(f.name, base).href));
	let done = 0;
	const one = async (shard: TensorCache['records'][number]) => {
		const url = new URL(shard.dataPath, base).href;
		const job = { url, nbytes: shard.nbytes, records: shard.records, seed: o.seed };
		await (o.writeShard ? o.writeShard(job) : writeShardHere(job, idb));
		urls.push(url);
		done += shard.nbytes;
		o.onProgress?.(done, total);
	};
	// A pool queues its own jobs (bounded memory); here, one shard after another.
	if (o.writeShard) await Promise.all(cache.records.map(one));
	else for (const shard of cache.records) await one(shard);
	return { baseUrl: base, urls, weightsBytes: total, shards: cache.records.length, vocabSize };
}

/** Deletes every record under `baseUrl` in web-llm's databases. */
export function deleteSynthetic(baseUrl: string, idb: IDBFactory = indexedDB): Promise<number> {
	return deleteUnder(baseUrl, idb);
}

export function countSynthetic(baseUrl: string, idb: IDBFactory = indexedDB): Promise<number> {
	return countUnder(baseUrl, idb);
}
