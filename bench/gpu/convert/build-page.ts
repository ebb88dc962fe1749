// Builds bench/gpu/convert/page.ts into a static folder (index.html + bundles, the conversion and hash workers,
// web-llm 0.2.79). usage: tsx bench/gpu/convert/build-page.ts OUTDIR
import { resolve } from 'node:path';
import { buildPage } from '../../../tests/engine/page-build';

const out = await buildPage('bench/gpu/convert/page.ts', resolve(process.argv[2] ?? 'tmp/convert-page'), 'convert-bench');
console.log(`built ${out}`);
