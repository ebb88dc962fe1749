// A converted model's completion record as the converter writes it, for tests of what the app does with one.
import { CONVERTED_MODEL_VERSION, validateConvertedModel, type ConvertedModel } from '$lib/convert/record';
import { convertedBaseUrl } from '$lib/convert/run/prepare';
import { mistralLibrary } from '$lib/engines/webllm/models';

export function convertedRecord(over: Partial<ConvertedModel> & { modelId?: string } = {}): ConvertedModel {
	const modelId = over.modelId ?? 'FILM-7B-q4f32_1-converted';
	const target = over.target ?? 'q4f32_1';
	const record: ConvertedModel = {
		schemaVersion: CONVERTED_MODEL_VERSION,
		modelId,
		label: 'FILM-7B',
		family: 'mistral',
		target,
		baseUrl: convertedBaseUrl(modelId),
		contextWindow: 32768,
		library: { url: mistralLibrary(target), sha256: 'a'.repeat(64), bytes: 4_068_337 },
		source: {
			kind: 'hf',
			location: 'In2Training/FILM-7B',
			revision: 'main',
			commit: '0123456789abcdef0123456789abcdef01234567',
			format: 'safetensors',
			files: [
				{ name: 'model-00001-of-00006.safetensors', size: 4_943_162_240, sha256: 'b'.repeat(64), expectedSha256: 'b'.repeat(64) },
				{ name: 'model-00002-of-00006.safetensors', size: 4_999_819_232, sha256: 'c'.repeat(64), expectedSha256: 'c'.repeat(64) }
			],
			metadataFiles: [{ name: 'config.json', size: 601, sha256: 'd'.repeat(64) }]
		},
		converterVersion: 1,
		planDigest: 'e'.repeat(64),
		createdAt: '2026-12-01T08:00:00.000Z',
		completedAt: '2026-12-01T10:30:00.000Z',
		activeS: 9000,
		output: { bytes: 4_530_000_000, files: [{ name: 'params_shard_0.bin', bytes: 4_529_990_000 }, { name: 'mlc-chat-config.json', bytes: 10_000 }] },
		fidelity: [
			{ name: 'model.embed_tokens.weight', target: 'model.embed_tokens', relRms: 0.09, maxAbsErr: 0.004 },
			{ name: 'model.layers.0.self_attn.q_proj.weight', target: 'model.layers.0.self_attn.qkv_proj', relRms: 0.11, maxAbsErr: 0.02 },
			{ name: 'model.norm.weight', target: 'model.norm.weight', relRms: 0, maxAbsErr: 0 }
		],
		...over
	};
	const v = validateConvertedModel(record);
	if (!v.ok) throw new Error(`the test record does not validate: ${v.error}`);
	return record;
}
