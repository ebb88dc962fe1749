// The small files of a converted MLC folder: tensor-cache.json (and ndarray-cache.json, the name web-llm 0.2.79
// reads) from the plan, mlc-chat-config.json for the target, and tokenizer.json — the app's bundled Mistral v0.2
// tokenizer for the Mistral family once the source's vocabulary is proven equal to it, the source's own otherwise.
import type { LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import type { CacheFileName } from '$lib/engines/webllm/synthetic/model-files';
import { mistralTokenizerJson } from '$lib/tokenize/mistral';
import type { ConversionPlan } from './model/plan';
import { ConvertError, type ArchConfig, type SourceModel } from './types';

export { CONVERTER_VERSION } from './version';

export const CACHE_FILE_NAMES: readonly CacheFileName[] = ['tensor-cache.json', 'ndarray-cache.json'];
/** What the evaluator runs at: FILM's 32K window. */
export const CONTEXT_WINDOW = 32768;

export function tensorCacheJson(plan: ConversionPlan): string {
	return JSON.stringify(plan.cache);
}

/** Both names, the same content: 0.2.80+ fetch tensor-cache.json, 0.2.79 ndarray-cache.json. */
export function cacheFiles(plan: ConversionPlan): Record<CacheFileName, string> {
	const json = tensorCacheJson(plan);
	return { 'tensor-cache.json': json, 'ndarray-cache.json': json };
}

/** mlc_llm's `mistral_default` conversation template, as gen_config writes it into mlc-chat-config.json. */
export const MISTRAL_DEFAULT_TEMPLATE = {
	name: 'mistral_default',
	system_template: '[INST] {system_message}',
	system_message:
		'Always assist with care, respect, and truth. Respond with utmost utility yet securely. Avoid harmful, unethical, prejudiced, or negative content. Ensure replies promote fairness and positivity.',
	system_prefix_token_ids: [1],
	add_role_after_system_message: false,
	roles: { user: '[INST]', assistant: '[/INST]', tool: '[INST]' },
	role_templates: { user: '{user_message}', assistant: '{assistant_message}', tool: '{tool_message}' },
	messages: [],
	seps: [' '],
	role_content_sep: ' ',
	role_empty_sep: '',
	stop_str: ['</s>'],
	stop_token_ids: [2],
	function_string: '',
	use_function_calling: false
} as const;

/** ChatML as Qwen2 uses it (<|endoftext|> = 151643, <|im_start|> = 151644, <|im_end|> = 151645). */
export const QWEN2_TEMPLATE = {
	name: 'qwen2',
	system_template: '<|im_start|>system\n{system_message}<|im_end|>\n',
	system_message: 'You are a helpful assistant.',
	system_prefix_token_ids: null,
	add_role_after_system_message: true,
	roles: { user: '<|im_start|>user', assistant: '<|im_start|>assistant' },
	role_templates: { user: '{user_message}', assistant: '{assistant_message}', tool: '{tool_message}' },
	messages: [],
	seps: ['<|im_end|>\n'],
	role_content_sep: '\n',
	role_empty_sep: '\n',
	stop_str: ['<|endoftext|>', '<|im_end|>'],
	stop_token_ids: [151643, 151645],
	function_string: '',
	use_function_calling: false
} as const;

const FAMILY = {
	mistral: {
		template: MISTRAL_DEFAULT_TEMPLATE,
		tokenizer_info: { token_postproc_method: 'byte_fallback', prepend_space_in_encode: true, strip_space_in_decode: true },
		ids: { pad_token_id: 0, bos_token_id: 1, eos_token_id: 2 }
	},
	qwen2: {
		template: QWEN2_TEMPLATE,
		tokenizer_info: { token_postproc_method: 'byte_level', prepend_space_in_encode: false, strip_space_in_decode: false },
		ids: { pad_token_id: 151643, bos_token_id: 151643, eos_token_id: [151645, 151643] }
	}
} as const;

export interface ChatConfigOptions {
	contextWindowSize?: number;
}

/** mlc-chat-config.json for the converted weights: the library's prefill chunk, a plain KV cache, neutral sampling. */
export function mlcChatConfig(plan: ConversionPlan, meta: LibraryMeta, config: ArchConfig, opts: ChatConfigOptions = {}): Record<string, unknown> {
	const f = FAMILY[config.family];
	const ctx = opts.contextWindowSize ?? CONTEXT_WINDOW;
	return {
		version: '0.1.0',
		model_type: meta.modelType,
		quantization: plan.target,
		model_config: {
			hidden_size: config.hiddenSize,
			intermediate_size: config.intermediateSize,
			num_attention_heads: config.numHeads,
			num_hidden_layers: config.numLayers,
			num_key_value_heads: config.numKvHeads,
			head_dim: config.headDim,
			rms_norm_eps: config.rmsNormEps,
			rope_theta: config.ropeTheta,
			position_embedding_base: config.ropeTheta,
			vocab_size: config.vocabSize,
			tie_word_embeddings: config.tieWordEmbeddings,
			context_window_size: ctx,
			sliding_window_size: -1,
			prefill_chunk_size: meta.prefillChunkSize,
			attention_sink_size: 0,
			tensor_parallel_shards: 1
		},
		vocab_size: config.vocabSize,
		context_window_size: ctx,
		// Shared-prefix reuse needs a plain KV cache: no sliding window, no attention sinks.
		sliding_window_size: -1,
		attention_sink_size: 0,
		prefill_chunk_size: meta.prefillChunkSize,
		tensor_parallel_shards: 1,
		// Neutral sampling: greedy, nothing penalised, so every path gives the same answer.
		temperature: 0,
		top_p: 1,
		presence_penalty: 0,
		frequency_penalty: 0,
		repetition_penalty: 1,
		tokenizer_files: ['tokenizer.json'],
		tokenizer_info: f.tokenizer_info,
		conv_template: f.template,
		...f.ids
	};
}

export type VocabCheck = { same: true; size: number } | { same: false; index: number; message: string };

const quote = (s: string | undefined) => (s === undefined ? 'nothing' : JSON.stringify(s));

/** The bundled tokenizer's pieces by id, read from the very tokenizer.json the converter writes. */
export async function bundledMistralVocab(): Promise<string[]> {
	const parsed = JSON.parse(await mistralTokenizerJson()) as { model?: { vocab?: Record<string, number> } };
	const vocab = parsed.model?.vocab;
	if (!vocab) throw new Error('the bundled Mistral tokenizer.json has no model.vocab');
	const byId: string[] = [];
	for (const [piece, id] of Object.entries(vocab)) byId[id] = piece;
	return byId;
}

/** Whether a source vocabulary equals the bundled Mistral v0.2 tokenizer token for token, and where it first differs. */
export async function checkMistralVocab(vocab: readonly string[]): Promise<VocabCheck> {
	const bundled = await bundledMistralVocab();
	const n = Math.min(vocab.length, bundled.length);
	for (let i = 0; i < n; i++)
		if (vocab[i] !== bundled[i])
			return {
				same: false,
				index: i,
				message: `token ${i.toLocaleString('en-US')} is ${quote(vocab[i])} in the source but ${quote(bundled[i])} in the bundled Mistral v0.2 tokenizer`
			};
	if (vocab.length !== bundled.length)
		return {
			same: false,
			index: n,
			message: `the source has ${vocab.length.toLocaleString('en-US')} tokens, the bundled Mistral v0.2 tokenizer ${bundled.length.toLocaleString('en-US')} (the first ${n.toLocaleString('en-US')} agree)`
		};
	return { same: true, size: vocab.length };
}

/** tokenizer.json for the converted folder. */
export async function tokenizerJsonFor(source: SourceModel): Promise<string> {
	if (source.config.family === 'mistral') {
		if (!source.vocab)
			throw new ConvertError('mismatch', 'the source carries no vocabulary (tokenizer.model, tokenizer.json or GGUF tokens) to check against the bundled Mistral tokenizer');
		const check = await checkMistralVocab(source.vocab);
		if (!check.same) throw new ConvertError('mismatch', `the source's tokenizer is not Mistral v0.2's: ${check.message}`);
		return mistralTokenizerJson();
	}
	if (source.tokenizerJson === null) throw new ConvertError('not-found', 'the source has no tokenizer.json to copy into the converted folder');
	return source.tokenizerJson;
}

export type MlcTextFile = CacheFileName | 'mlc-chat-config.json' | 'tokenizer.json';

/** Every small file of the converted folder, by name. */
export async function mlcTextFiles(plan: ConversionPlan, meta: LibraryMeta, source: SourceModel, opts: ChatConfigOptions = {}): Promise<Record<MlcTextFile, string>> {
	return {
		...cacheFiles(plan),
		'mlc-chat-config.json': JSON.stringify(mlcChatConfig(plan, meta, source.config, opts), null, 2),
		'tokenizer.json': await tokenizerJsonFor(source)
	};
}
