// The small JSON files of an MLC model folder, for generated weights: the chat config web-llm loads first and a
// tokenizer that covers every id the model can emit (so decoding never fails on a random token).
import type { LibraryMeta } from './library-meta';

/** web-llm 0.2.79 fetches `ndarray-cache.json`; 0.2.80+ (incl. the app's 0.2.86) fetch `tensor-cache.json`. */
export type CacheFileName = 'ndarray-cache.json' | 'tensor-cache.json';

export const SPECIAL_TOKENS = ['<unk>', '<s>', '</s>'] as const;
export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;

/** The word for token id `i` in the generated vocabulary: `w<i>` (ids below 3 are the special tokens). */
export function tokenWord(id: number): string {
	return id < SPECIAL_TOKENS.length ? SPECIAL_TOKENS[id] : `w${id}`;
}

/** Text that the generated tokenizer turns into exactly these ids (whitespace-separated words). */
export function idsToText(ids: number[]): string {
	return ids.map(tokenWord).join(' ');
}

export interface ChatConfigOptions {
	vocabSize: number;
	/** Defaults to the library's own window. */
	contextWindowSize?: number;
}

export function buildChatConfig(meta: LibraryMeta, opts: ChatConfigOptions): Record<string, unknown> {
	const ctx = opts.contextWindowSize ?? meta.contextWindowSize;
	const kv = meta.kvCache;
	return {
		version: '0.1.0',
		model_type: meta.modelType,
		quantization: meta.quantization,
		model_config: {
			vocab_size: opts.vocabSize,
			num_hidden_layers: kv?.numHiddenLayers,
			num_attention_heads: kv?.numAttentionHeads,
			num_key_value_heads: kv?.numKeyValueHeads,
			head_dim: kv?.headDim,
			context_window_size: ctx,
			prefill_chunk_size: meta.prefillChunkSize
		},
		vocab_size: opts.vocabSize,
		context_window_size: ctx,
		// Prefix reuse needs a plain KV cache: no sliding window, no attention sinks.
		sliding_window_size: -1,
		attention_sink_size: 0,
		prefill_chunk_size: meta.prefillChunkSize,
		tensor_parallel_shards: 1,
		// Neutral sampling: greedy answers, identical on every path.
		temperature: 0,
		top_p: 1,
		repetition_penalty: 1,
		frequency_penalty: 0,
		presence_penalty: 0,
		tokenizer_files: ['tokenizer.json'],
		tokenizer_info: { token_postproc_method: 'raw', prepend_space_in_encode: false, strip_space_in_decode: false },
		conv_template: {
			name: 'plain',
			system_template: '{system_message}',
			system_message: '',
			roles: { user: 'user', assistant: 'assistant' },
			role_templates: {},
			messages: [],
			seps: [' '],
			role_content_sep: ' ',
			role_empty_sep: ' ',
			stop_str: [],
			system_prefix_token_ids: [BOS_ID],
			stop_token_ids: [EOS_ID],
			add_role_after_system_message: true
		},
		pad_token_id: UNK_ID,
		bos_token_id: BOS_ID,
		eos_token_id: EOS_ID
	};
}

/** A Hugging Face tokenizer.json: WordLevel over exactly `vocabSize` words, split on whitespace. */
export function buildTokenizerJson(vocabSize: number): string {
	const vocab: Record<string, number> = {};
	for (let i = 0; i < vocabSize; i++) vocab[tokenWord(i)] = i;
	return JSON.stringify({
		version: '1.0',
		truncation: null,
		padding: null,
		added_tokens: SPECIAL_TOKENS.map((content, id) => ({
			id,
			content,
			single_word: false,
			lstrip: false,
			rstrip: false,
			normalized: false,
			special: true
		})),
		normalizer: null,
		pre_tokenizer: { type: 'Whitespace' },
		post_processor: null,
		decoder: null,
		model: { type: 'WordLevel', vocab, unk_token: tokenWord(UNK_ID) }
	});
}
