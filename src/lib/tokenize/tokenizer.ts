// The tokenizer contract every builder and engine relies on.

export interface TextTokenizer {
	readonly name: string;
	readonly vocabSize: number;
	readonly bosId: number;
	readonly eosId: number;
	/** Token ids of `text` as the model reads it at the start of a prompt (SentencePiece dummy prefix, no BOS). */
	encode(text: string): Int32Array;
	decode(ids: ArrayLike<number>): string;
}

/** The slice of @mlc-ai/web-tokenizers' `Tokenizer` that we use. */
export interface WebTokenizer {
	encode(text: string): Int32Array;
	decode(ids: Int32Array): string;
	getVocabSize(): number;
}
export interface WebTokenizerClass {
	fromJSON(json: ArrayBuffer): Promise<WebTokenizer>;
}

/** Tokens `text` takes when it directly follows a newline (no dummy-prefix "▁" of its own). */
export function countAfterNewline(tok: TextTokenizer, text: string): number {
	return tok.encode('\n' + text).length - tok.encode('\n').length;
}

/** Tokens `text` takes after a single joining space (how every item but the first is read). */
export function countAfterSpace(tok: TextTokenizer, text: string): number {
	return tok.encode(text).length;
}
