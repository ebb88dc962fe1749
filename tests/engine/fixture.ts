// The check's fixture: the model library (REAL_ENGINE_LIB), a generated model folder for it (made once per library
// and seed, kept under tests/output/), the harness page built by Vite, and the two local servers.
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { readLibrary, type LibrarySource } from '../../rig/library';
import { makeModel, readMatchingManifest, type ModelManifest } from '../../rig/write-model';
import { startModelHost, type ModelHost } from '../../rig/model-host';
import { serveStatic, type StaticServer } from './static-server';

const ROOT = resolve(import.meta.dirname, '../..');
const OUTPUT = join(ROOT, 'tests/output');

export const HOW_TO_GET_A_LIBRARY = `REAL_ENGINE_LIB is not set. The real-engine check needs a compiled MLC model library that pairs with
web-llm 0.2.79, e.g. Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm from the public repository
mlc-ai/binary-mlc-llm-libs, folder web-llm-models/v0_2_48/ (sha256 338ab000…6e6a). Download it and run:
  REAL_ENGINE_LIB=/path/to/Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm npm run test:engine
(a raw https:// URL of the file works too). The weights are generated; nothing else is downloaded.`;

export interface Fixture {
	lib: LibrarySource;
	manifest: ModelManifest;
	modelDir: string;
	host: ModelHost;
	page: StaticServer;
	modelId: string;
	close(): Promise<void>;
}

/** The generated model folder the real-runtime checks share: made once per library and seed under tests/output/. */
export async function engineModel(lib: LibrarySource, seed: number, log: (m: string) => void): Promise<{ modelDir: string; manifest: ModelManifest }> {
	const modelDir = join(OUTPUT, 'engine-model', `${lib.sha256.slice(0, 12)}-seed${seed}`);
	const want = { libSha256: lib.sha256, seed, cacheFiles: ['ndarray-cache.json' as const] };
	let manifest = await readMatchingManifest(modelDir, want);
	if (manifest) log(`reusing the generated model in ${modelDir}`);
	else {
		const t0 = Date.now();
		manifest = await makeModel({ lib, outDir: modelDir, seed, cacheFiles: want.cacheFiles });
		log(`generated ${(manifest.weightBytes / 1e6).toFixed(1)} MB of weights in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${modelDir}`);
	}
	return { modelDir, manifest };
}

export async function prepareFixture(libLocation: string, seed: number, log: (m: string) => void): Promise<Fixture> {
	const lib = await readLibrary(libLocation);
	const { modelDir, manifest } = await engineModel(lib, seed, log);
	const pageDir = join(OUTPUT, 'engine-harness');
	await build({
		root: join(ROOT, 'tests/engine/harness'),
		base: './',
		configFile: false,
		logLevel: 'error',
		resolve: { alias: { $lib: join(ROOT, 'src/lib') } },
		worker: { format: 'es' },
		build: { outDir: pageDir, emptyOutDir: true, target: 'esnext', chunkSizeWarningLimit: 10_000 }
	});
	const modelId = `synthetic-${manifest.libSha256.slice(0, 8)}-s${seed}`;
	const host = await startModelHost({ models: { [modelId]: modelDir }, libs: { [lib.fileName]: lib.bytes } });
	const page = await serveStatic(pageDir);
	return {
		lib,
		manifest,
		modelDir,
		host,
		page,
		modelId,
		async close() {
			await host.stop();
			await page.close();
		}
	};
}
