// Node entry: @mlc-ai/web-tokenizers ships a UMD bundle inside a "type: module" package, which Node's ESM
// loader cannot import. Load it as the CommonJS module it really is.
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createMistralTokenizer } from './mistral';
import type { TextTokenizer, WebTokenizerClass } from './tokenizer';

let cached: Promise<TextTokenizer> | null = null;

function loadWebTokenizers(): WebTokenizerClass {
	const require = createRequire(import.meta.url);
	const file = require.resolve('@mlc-ai/web-tokenizers');
	const version = (require('@mlc-ai/web-tokenizers/package.json') as { version: string }).version;
	// A .cjs copy is loaded by Node's CommonJS loader, which also serves the bundle's own dynamic imports.
	const dir = join(tmpdir(), 'film-probe');
	const copy = join(dir, `web-tokenizers-${version}.cjs`);
	if (!existsSync(copy)) {
		mkdirSync(dir, { recursive: true });
		const part = `${copy}.${process.pid}.part`;
		copyFileSync(file, part);
		renameSync(part, copy);
	}
	const mod = require(copy) as { Tokenizer?: WebTokenizerClass };
	if (!mod.Tokenizer) throw new Error('@mlc-ai/web-tokenizers did not export Tokenizer');
	return mod.Tokenizer;
}

export function nodeMistralTokenizer(): Promise<TextTokenizer> {
	if (!cached) {
		cached = createMistralTokenizer(loadWebTokenizers()).catch((e) => {
			cached = null; // never keep a failed load: the next call retries
			throw e;
		});
	}
	return cached;
}
