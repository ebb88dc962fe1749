// Benchmark: a whole conversion in Node, as `probe convert` runs it (one thread: read, hash, decode, quantize,
// write), on a generated checkpoint shaped for the Qwen2-0.5B library in ../shared (≈ 1 GB of bf16, 3 shards).
// Prints source MB/s and the phase times; the target (≥ 1 GB/s) is for the browser on the H200 machine.
import { mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readLibrary } from '../rig/library';
import { shapeForLibrary } from '../rig/hf/checkpoint-spec';
import { makeCheckpoint } from '../rig/hf/make-checkpoint';
import { parseLibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { prepareConversion } from '$lib/convert/run/prepare';
import { runConversion } from '$lib/convert/run/convert';
import { inlineBackend } from '$lib/convert/run/backend';
import { inlineHasher } from '$lib/convert/run/hasher';
import { decodeRow } from '$lib/convert/formats/gguf-blocks';
import { fsFolderSource } from '../cli/convert/fs-source';
import { dirSink, dirStore } from '../cli/convert/dir-sink';

const ROOT = resolve(import.meta.dirname, '..');

export async function benchConvert(libPath = process.env.REAL_ENGINE_LIB ?? join(ROOT, '../shared/real-engine/Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm')) {
	const lib = await readLibrary(libPath);
	const src = join(ROOT, 'tests/output/bench-convert-src');
	const out = join(ROOT, 'tests/output/bench-convert-out');
	let t = Date.now();
	if (!existsSync(join(src, 'config.json'))) await makeCheckpoint({ outDir: src, shape: shapeForLibrary(parseLibraryMeta(lib.bytes)), seed: 3, dtype: 'BF16', shards: 3, values: 'normal' });
	const generateS = (Date.now() - t) / 1000;
	await rm(out, { recursive: true, force: true });
	await mkdir(out, { recursive: true });
	t = Date.now();
	const p = await prepareConversion({ spec: { kind: 'source', source: await fsFolderSource(src) }, library: { url: lib.location, bytes: lib.bytes, sha256: lib.sha256 }, target: 'q4f32_1', modelId: 'bench', label: 'bench' });
	const prepareS = (Date.now() - t) / 1000;
	t = Date.now();
	const record = await runConversion({ ...p, libraryBytes: lib.bytes.byteLength, sink: dirSink(out), store: dirStore(out), backend: inlineBackend(decodeRow), hasher: inlineHasher, filesAtOnce: 1 });
	const convertS = (Date.now() - t) / 1000;
	const sourceBytes = p.plan.totals.fileBytes ?? 0;
	await rm(out, { recursive: true, force: true });
	return {
		machine: 'this machine, Node, one thread', source_bytes: sourceBytes, output_bytes: record.output.bytes, generate_s: generateS, prepare_s: prepareS, convert_s: convertS,
		source_mb_per_s: +(sourceBytes / 1e6 / convertS).toFixed(1), worst_rel_rms: Math.max(...record.fidelity.map((f) => f.relRms))
	};
}
