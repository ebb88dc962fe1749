// A small Hub of whole models for the app's conversion journeys (Node only): a two-layer Mistral-shaped checkpoint
// with the real Mistral v0.2 vocabulary (so it passes the converter's tokenizer check, as FILM-7B does), a Qwen2
// checkpoint (the wrong architecture for a Mistral library), and toy model libraries — bytes around the embedded
// `{"model_type" …}` description that parseLibraryMeta reads, nothing a GPU could run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { mistralTokenizerJson } from '$lib/tokenize/mistral';
import type { Target } from '$lib/convert/types';
import { shapeForLibrary } from '../../../rig/hf/checkpoint-spec';
import { makeCheckpoint } from '../../../rig/hf/make-checkpoint';
import { TOY, toyLibrary } from '../convert-model';

/** The description as a compiled library embeds it (snake_case), with bytes either side as in a .wasm. */
export function libraryBytes(meta: LibraryMeta): Uint8Array {
	const description = {
		model_type: meta.modelType,
		quantization: meta.quantization,
		context_window_size: meta.contextWindowSize,
		prefill_chunk_size: meta.prefillChunkSize,
		sliding_window_size: meta.slidingWindowSize,
		attention_sink_size: meta.attentionSinkSize,
		kv_state_kind: meta.kvStateKind,
		kv_cache: meta.kvCache && {
			num_hidden_layers: meta.kvCache.numHiddenLayers,
			num_attention_heads: meta.kvCache.numAttentionHeads,
			num_key_value_heads: meta.kvCache.numKeyValueHeads,
			head_dim: meta.kvCache.headDim
		},
		params: meta.params.map((p) => ({ ...p, preprocs: [] }))
	};
	const pad = Uint8Array.from({ length: 256 }, (_, i) => (i * 41) & 0xff);
	return new Uint8Array([...pad, ...new TextEncoder().encode(JSON.stringify(description)), ...pad]);
}

export const HUB_REPOS = { mistral: 'test/tiny-mistral', qwen2: 'test/tiny-qwen2' } as const;
export const libraryPath = (target: Target) => `lib/toy-mistral-${target}.wasm`;

/** Writes the Hub's folders under `root`: `<owner>/<name>/` repositories and `lib/` libraries. */
export async function writeHubModels(root: string, o: { shards?: number } = {}): Promise<void> {
	await makeCheckpoint({
		outDir: join(root, HUB_REPOS.mistral),
		shape: shapeForLibrary(toyLibrary('mistral', 'q4f32_1', TOY), 32000),
		seed: 3,
		dtype: 'BF16',
		shards: o.shards ?? 3,
		values: 'normal',
		tokenizerJson: await mistralTokenizerJson()
	});
	await makeCheckpoint({ outDir: join(root, HUB_REPOS.qwen2), shape: shapeForLibrary(toyLibrary('qwen2', 'q4f32_1', TOY)), seed: 4, dtype: 'BF16', shards: 1 });
	await mkdir(join(root, 'lib'), { recursive: true });
	for (const target of ['q4f16_1', 'q4f32_1'] as const) await writeFile(join(root, libraryPath(target)), libraryBytes(toyLibrary('mistral', target, TOY)));
}
