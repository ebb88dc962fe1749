// Builds bench/gpu/convert/page.ts into a static folder (index.html + bundles, the conversion and hash workers,
// web-llm 0.2.79). usage: tsx bench/gpu/convert/build-page.ts OUTDIR
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../../..');
const out = resolve(process.argv[2] ?? join(ROOT, 'tmp/convert-page'));
await build({
	root: ROOT, configFile: false, logLevel: 'error', resolve: { alias: { $lib: join(ROOT, 'src/lib') } }, worker: { format: 'es' },
	build: {
		outDir: out, emptyOutDir: true, target: 'esnext', chunkSizeWarningLimit: 10_000, copyPublicDir: false,
		rollupOptions: { input: join(ROOT, 'bench/gpu/convert/page.ts'), output: { entryFileNames: 'convert-bench.js' } }
	}
});
await mkdir(out, { recursive: true });
await writeFile(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>convert bench</title><script type="module" src="./convert-bench.js"></script>');
console.log(`built ${out}`);
