// Writes a complete MLC model folder for a model library, with seeded random weights: shard files, the tensor
// cache JSON, mlc-chat-config.json, tokenizer.json, and a manifest that says how it was made (so a runner can
// reuse a folder made from the same library and seed instead of writing 300 MB again).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
	buildChatConfig,
	buildTokenizerJson,
	fillTensor,
	inferDims,
	parseLibraryMeta,
	planShards,
	resolveParams,
	DEFAULT_SHARD_BYTES,
	type CacheFileName
} from '../src/lib/engines/webllm/synthetic/index';

/** Bump when the bytes a seed produces change, so stale folders are not reused. */
export const GENERATOR_VERSION = 1;
export const MANIFEST_FILE = 'synthetic-model.json';

export interface MakeModelOptions {
	lib: { bytes: Uint8Array; sha256: string };
	outDir: string;
	seed?: number;
	cacheFiles?: CacheFileName[];
	shardBytes?: number;
	/** Values for symbolic dimensions, e.g. { vocab_size: 32000 }. */
	dims?: Record<string, number>;
	contextWindowSize?: number;
}

export interface ModelManifest {
	generatorVersion: number;
	libSha256: string;
	seed: number;
	vocabSize: number;
	cacheFiles: CacheFileName[];
	shardBytes: number;
	contextWindowSize: number;
	/** Every file of the folder (manifest excluded) and its size in bytes. */
	files: { name: string; bytes: number }[];
	weightBytes: number;
	tensors: number;
}

export async function makeModel(opts: MakeModelOptions): Promise<ModelManifest> {
	const seed = opts.seed ?? 0;
	const cacheFiles = opts.cacheFiles ?? ['ndarray-cache.json'];
	const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
	const meta = parseLibraryMeta(opts.lib.bytes);
	const dims = inferDims(meta, opts.dims);
	const vocabSize = dims.vocab_size;
	if (!vocabSize) throw new Error('the vocabulary size is not in the library: pass it (--dim vocab_size=N)');
	const cache = planShards(resolveParams(meta, dims), shardBytes);
	await mkdir(opts.outDir, { recursive: true });

	const files: { name: string; bytes: number }[] = [];
	const put = async (name: string, data: string | Uint8Array) => {
		await writeFile(join(opts.outDir, name), data);
		files.push({ name, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
	};
	for (const shard of cache.records) {
		const buf = new Uint8Array(shard.nbytes);
		for (const r of shard.records) fillTensor(r, seed, buf.subarray(r.byteOffset, r.byteOffset + r.nbytes));
		await put(shard.dataPath, buf);
	}
	const cacheJson = JSON.stringify(cache);
	for (const name of cacheFiles) await put(name, cacheJson);
	const contextWindowSize = opts.contextWindowSize ?? meta.contextWindowSize;
	await put('mlc-chat-config.json', JSON.stringify(buildChatConfig(meta, { vocabSize, contextWindowSize }), null, 1));
	await put('tokenizer.json', buildTokenizerJson(vocabSize));

	const manifest: ModelManifest = {
		generatorVersion: GENERATOR_VERSION,
		libSha256: opts.lib.sha256,
		seed,
		vocabSize,
		cacheFiles,
		shardBytes,
		contextWindowSize,
		files,
		weightBytes: cache.metadata.ParamBytes,
		tensors: cache.metadata.ParamSize
	};
	await writeFile(join(opts.outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
	return manifest;
}

/** The manifest of a folder made earlier with the same library, seed and options; null when it must be made. */
export async function readMatchingManifest(
	outDir: string,
	want: Pick<ModelManifest, 'libSha256' | 'seed' | 'cacheFiles'>
): Promise<ModelManifest | null> {
	try {
		const m = JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8')) as ModelManifest;
		const same =
			m.generatorVersion === GENERATOR_VERSION &&
			m.libSha256 === want.libSha256 &&
			m.seed === want.seed &&
			JSON.stringify(m.cacheFiles) === JSON.stringify(want.cacheFiles);
		if (!same) return null;
		// A folder cut short (disk full, deleted shard) is made again rather than served half.
		for (const f of m.files) if ((await stat(join(outDir, f.name))).size !== f.bytes) return null;
		return m;
	} catch {
		return null;
	}
}
