// The real-runtime checks' pages (and the GPU conversion bench's): one module built by Vite with $lib resolved and
// workers as ES modules, plus an index.html that loads it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');

export async function buildPage(entry: string, outDir: string, title: string): Promise<string> {
	const name = `${title}-page.js`;
	await build({
		root: ROOT, configFile: false, logLevel: 'error', resolve: { alias: { $lib: join(ROOT, 'src/lib') } }, worker: { format: 'es' },
		build: {
			outDir, emptyOutDir: true, target: 'esnext', chunkSizeWarningLimit: 10_000, copyPublicDir: false,
			rollupOptions: { input: join(ROOT, entry), output: { entryFileNames: name } }
		}
	});
	await mkdir(outDir, { recursive: true });
	await writeFile(join(outDir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title><script type="module" src="./${name}"></script>`);
	return outDir;
}
