// Builds the GPU benchmark page of the batch paths for the gpu-rig: tests/output/batch-bench/{index.html,
// batch-bench.js}. web-llm stays external (the rig's site already holds web-llm 0.2.79 as ./web-llm.js), so the
// module is small enough to travel with the rig's call A.   npx tsx tests/engine/batch-bench-build.ts
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const outDir = join(ROOT, 'tests/output/batch-bench');
await build({
	root: ROOT,
	configFile: false,
	logLevel: 'error',
	resolve: { alias: { $lib: join(ROOT, 'src/lib') } },
	build: {
		outDir, emptyOutDir: true, target: 'esnext', copyPublicDir: false, minify: false,
		rollupOptions: {
			input: join(ROOT, 'tests/engine/batch-bench-page.ts'),
			external: ['web-llm-0279'],
			output: { entryFileNames: 'batch-bench.js', paths: { 'web-llm-0279': './web-llm.js' } }
		}
	}
});
await writeFile(join(outDir, 'index.html'), '<!doctype html><meta charset=utf-8><title>batch bench</title><script type=module src="batch-bench.js"></script>\n');
console.log(`wrote ${outDir}/index.html and batch-bench.js`);
