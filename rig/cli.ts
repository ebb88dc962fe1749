// Rig commands, by hand: `npx tsx rig/cli.ts make-model --lib <path|url> --out <dir> [--seed S]`
//                       `npx tsx rig/cli.ts serve --model <dir> --lib <path|url> [--id NAME]`
import { readLibrary } from './library';
import { makeModel } from './write-model';
import { startModelHost } from './model-host';
import { parseLibraryMeta } from '../src/lib/engines/webllm/synthetic/index';
import { mistralTokenizerJson } from '../src/lib/tokenize/mistral';
import { formatBytes } from '../src/lib/util/bytes';
import { shapeForLibrary } from './hf/checkpoint-spec';
import { makeCheckpoint } from './hf/make-checkpoint';
import type { CacheFileName } from '../src/lib/engines/webllm/synthetic/index';

const USAGE = `usage:
  tsx rig/cli.ts make-model --lib <path|url> --out <dir> [--seed S] [--cache-file ndarray|tensor|both]
                            [--dim vocab_size=N] [--ctx N] [--shard-mb 32]
  tsx rig/cli.ts serve --model <dir> --lib <path|url> [--id NAME]
  tsx rig/cli.ts make-hf --lib <path|url> --out <dir> [--seed S] [--dtype bf16|f32] [--shards N] [--values grid|normal]
                         [--vocab N]   (a Hugging Face checkpoint shaped for the library, for the converter)`;

function parseArgs(argv: string[]): { cmd: string; flags: Map<string, string[]> } {
	const [cmd = '', ...rest] = argv;
	const flags = new Map<string, string[]>();
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i];
		if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
		const [k, inline] = a.slice(2).split(/=(.*)/s, 2);
		const v = inline ?? rest[++i];
		if (v === undefined) throw new Error(`--${k} needs a value`);
		flags.set(k, [...(flags.get(k) ?? []), v]);
	}
	return { cmd, flags };
}

function one(flags: Map<string, string[]>, k: string, required = true): string | undefined {
	const v = flags.get(k)?.at(-1);
	if (required && v === undefined) throw new Error(`--${k} is required`);
	return v;
}

function intFlag(flags: Map<string, string[]>, k: string): number | undefined {
	const v = one(flags, k, false);
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} wants a non-negative integer, got ${v}`);
	return n;
}

const CACHE_FILES: Record<string, CacheFileName[]> = {
	ndarray: ['ndarray-cache.json'],
	tensor: ['tensor-cache.json'],
	both: ['ndarray-cache.json', 'tensor-cache.json']
};

async function main(argv: string[]): Promise<void> {
	const { cmd, flags } = parseArgs(argv);
	if (cmd === 'make-model') {
		const lib = await readLibrary(one(flags, 'lib')!);
		const dims: Record<string, number> = {};
		for (const d of flags.get('dim') ?? []) {
			const [k, v] = d.split('=');
			if (!k || !Number.isInteger(Number(v))) throw new Error(`--dim wants name=N, got ${d}`);
			dims[k] = Number(v);
		}
		const cacheKind = one(flags, 'cache-file', false) ?? 'ndarray';
		if (!CACHE_FILES[cacheKind]) throw new Error(`--cache-file is ndarray, tensor or both`);
		const shardMb = intFlag(flags, 'shard-mb');
		const t0 = Date.now();
		const m = await makeModel({
			lib,
			outDir: one(flags, 'out')!,
			seed: intFlag(flags, 'seed') ?? 0,
			cacheFiles: CACHE_FILES[cacheKind],
			dims,
			contextWindowSize: intFlag(flags, 'ctx'),
			shardBytes: shardMb ? shardMb * 1024 * 1024 : undefined
		});
		const shards = m.files.filter((f) => f.name.endsWith('.bin')).length;
		console.log(
			`wrote ${m.tensors} tensors, ${formatBytes(m.weightBytes, { unit: 'MB' })} in ${shards} shards, vocab ${m.vocabSize}, ` +
				`seed ${m.seed}, in ${((Date.now() - t0) / 1000).toFixed(1)} s`
		);
	} else if (cmd === 'make-hf') {
		const lib = await readLibrary(one(flags, 'lib')!);
		const shape = shapeForLibrary(parseLibraryMeta(lib.bytes), intFlag(flags, 'vocab') ?? 32000);
		const dtype = (one(flags, 'dtype', false) ?? 'bf16').toUpperCase();
		const values = one(flags, 'values', false) ?? 'grid';
		if (dtype !== 'BF16' && dtype !== 'F32') throw new Error('--dtype is bf16 or f32');
		if (values !== 'grid' && values !== 'normal') throw new Error('--values is grid or normal');
		const t0 = Date.now();
		const m = await makeCheckpoint({
			outDir: one(flags, 'out')!, shape, seed: intFlag(flags, 'seed') ?? 0, dtype, shards: intFlag(flags, 'shards') ?? 1, values,
			// The Mistral family uses the real tokenizer (the converter checks the vocabulary against it).
			tokenizerJson: shape.family === 'mistral' ? await mistralTokenizerJson() : undefined
		});
		console.log(`wrote ${m.tensors} tensors (${(m.params / 1e6).toFixed(0)} M parameters) in ${m.files.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	} else if (cmd === 'serve') {
		const lib = await readLibrary(one(flags, 'lib')!);
		const host = await startModelHost({ models: { [one(flags, 'id', false) ?? 'synthetic']: one(flags, 'model')! }, libs: { [lib.fileName]: lib.bytes } });
		for (const [id] of host.models) console.log(`model ${id}: ${host.modelUrl(id)}`);
		console.log(`library: ${host.libUrl(lib.fileName)}\n(ctrl-c stops)`);
	} else {
		throw new Error(cmd ? `unknown command ${cmd}` : 'no command');
	}
}

main(process.argv.slice(2)).catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	console.error(USAGE);
	process.exit(1);
});
