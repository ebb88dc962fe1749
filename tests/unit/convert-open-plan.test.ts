import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archDifferences } from '$lib/convert/model/arch';
import { planConversion } from '$lib/convert/model/plan';
import { openSource } from '$lib/convert/open';
import type { Target } from '$lib/convert/types';
import { resolveParam } from '$lib/engines/webllm/synthetic/params';
import { fsFolderSource } from '../../cli/convert/fs-source';
import { toyLibrary } from '../helpers/convert-model';
import { mlcChatConfig, mlcTensorCache, type MlcRecord } from '../helpers/convert/mlc';
import { TINY, tinyGguf, tinySafetensorsFolder, type Files } from '../helpers/convert/model-folder';
import { writeFiles } from '../helpers/convert/write-files';

// The readers' SourceModel is what the mapping and the plan take: the small generated models, opened from disk,
// must fit a library of their shape and plan without a missing tensor or a wrong shape.
const DIMS = { layers: TINY.layers, hidden: TINY.hidden, heads: TINY.heads, kvHeads: TINY.kvHeads, headDim: TINY.headDim, intermediate: TINY.intermediate, vocab: TINY.vocab };
let root: string;

/** A complete q4f16_1 MLC folder for the tiny network, every record the library lists. */
function mlcFolder(): Files {
	const params = toyLibrary('mistral', 'q4f16_1', DIMS).params.map((p) => resolveParam(p, { vocab_size: TINY.vocab }));
	const { cache, shardSizes } = mlcTensorCache(params.map((p): MlcRecord => ({ name: p.name, shape: p.shape, dtype: p.dtype as MlcRecord['dtype'] })), 4);
	const files: Files = { 'mlc-chat-config.json': new TextEncoder().encode(JSON.stringify(mlcChatConfig())), 'tensor-cache.json': new TextEncoder().encode(JSON.stringify(cache)) };
	shardSizes.forEach((n, i) => (files[`params_shard_${i}.bin`] = new Uint8Array(n)));
	return files;
}

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'open-plan-'));
	await writeFiles(join(root, 'f32'), tinySafetensorsFolder({ dtype: 'F32' }));
	await writeFiles(join(root, 'bf16'), tinySafetensorsFolder({ dtype: 'BF16', shards: 3 }));
	await writeFiles(join(root, 'gguf'), { 'tiny.gguf': tinyGguf().bytes });
	await writeFiles(join(root, 'mlc'), mlcFolder());
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('opened sources through the architecture check and the plan', () => {
	const cases: [string, Target][] = [
		['f32', 'q4f32_1'],
		['bf16', 'q4f16_1'],
		['gguf', 'q4f32_1'],
		['mlc', 'q4f32_1']
	];
	for (const [folder, target] of cases) {
		it(`${folder} → ${target}: no differences, every library tensor planned`, async () => {
			const { model } = await openSource({ kind: 'source', source: await fsFolderSource(join(root, folder)) });
			const meta = toyLibrary('mistral', target, DIMS);
			expect(archDifferences(model.config, meta, target)).toEqual([]);
			const plan = await planConversion(model, meta, target);
			expect(plan.tensors.flatMap((t) => t.outputs.map((o) => o.name)).sort()).toEqual(meta.params.map((p) => p.name).sort());
			expect(plan.files.map((f) => f.name)).toEqual(model.files.map((f) => f.name));
		});
	}
});
