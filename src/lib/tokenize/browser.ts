// Browser / worker entry: the web-tokenizers UMD bundle registers `globalThis.tokenizers` when evaluated as a module.
import { createMistralTokenizer } from './mistral';
import type { TextTokenizer, WebTokenizerClass } from './tokenizer';

let cached: Promise<TextTokenizer> | null = null;

async function loadWebTokenizers(): Promise<WebTokenizerClass> {
	const mod = (await import('@mlc-ai/web-tokenizers')) as unknown as { Tokenizer?: WebTokenizerClass };
	const g = globalThis as unknown as { tokenizers?: { Tokenizer?: WebTokenizerClass } };
	const cls = mod.Tokenizer ?? g.tokenizers?.Tokenizer;
	if (!cls) throw new Error('@mlc-ai/web-tokenizers did not load');
	return cls;
}

export function browserMistralTokenizer(): Promise<TextTokenizer> {
	if (!cached) {
		cached = loadWebTokenizers()
			.then(createMistralTokenizer)
			.catch((e) => {
				cached = null;
				throw e;
			});
	}
	return cached;
}
