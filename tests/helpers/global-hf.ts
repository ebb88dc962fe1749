// Browser tests of the converter's sources reach real Hub test servers on 127.0.0.1, started here in Node: one with
// CORS on, one with CORS off (so a refusal is the browser's own), and one gated behind a token. They serve small
// generated models: t/bf16 (three BF16 shards, tokenizer.json) and t/gguf (one Q8_0 GGUF).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { tinyGguf, tinySafetensorsFolder } from './convert/model-folder';
import { writeFiles } from './convert/write-files';
import { startHfServer } from './hf-server';

declare module 'vitest' {
	export interface ProvidedContext {
		hfUrl: string;
		hfNoCorsUrl: string;
		hfGatedUrl: string;
		hfGatedToken: string;
	}
}

export default async function setup(project: TestProject) {
	const root = await mkdtemp(join(tmpdir(), 'hf-browser-'));
	await writeFiles(join(root, 't', 'bf16'), tinySafetensorsFolder({ dtype: 'BF16', shards: 3, tokenizer: 'json' }));
	await writeFiles(join(root, 't', 'gguf'), { 'tiny-Q8_0.gguf': tinyGguf().bytes });
	const token = 'hf_browser_test';
	const open = await startHfServer({ root });
	const closed = await startHfServer({ root, cors: false });
	const gated = await startHfServer({ root, token });
	project.provide('hfUrl', open.url);
	project.provide('hfNoCorsUrl', closed.url);
	project.provide('hfGatedUrl', gated.url);
	project.provide('hfGatedToken', token);
	return async () => {
		await Promise.all([open.close(), closed.close(), gated.close()]);
		await rm(root, { recursive: true, force: true });
	};
}
