// Puts a generated source's files on disk (Node only), e.g. for the Hub test server to serve.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Files } from './model-folder';

export async function writeFiles(dir: string, files: Files): Promise<void> {
	for (const [name, bytes] of Object.entries(files)) {
		await mkdir(dirname(join(dir, name)), { recursive: true });
		await writeFile(join(dir, name), bytes);
	}
}
