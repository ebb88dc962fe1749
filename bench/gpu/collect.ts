// Turns a device run's $OUT folder (result.json, browser.txt, flags.txt, requests.json, log.txt) into
// bench/results/<gpu>-<date>.json and prints the markdown table for docs/speed.md.
// usage: npx tsx bench/gpu/collect.ts OUTDIR [gpu-name]
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SpeedResult } from '../../src/lib/speed/types';
import { formatDuration } from '../../src/lib/speed/predict';

const dir = process.argv[2];
if (!dir) throw new Error('usage: collect.ts OUTDIR [gpu-name]');
const gpu = process.argv[3] ?? 'h100';
const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() : null);
const raw = read('result.json');
if (!raw) throw new Error(`no result.json in ${dir}`);
const result = JSON.parse(raw.split('\n').filter(Boolean).at(-1)!) as SpeedResult;
const requests = JSON.parse(read('requests.json') ?? '{}') as Record<string, number>;
const date = (result.provenance?.date ?? new Date().toISOString()).slice(0, 10);
const out = {
	label: 'synthetic weights: speed only',
	gpu,
	browser: read('browser.txt'),
	chromiumFlags: read('flags.txt'),
	note: 'web-llm 0.2.79 twin worker: the only model libraries at hand (v0_2_48) pair with 0.2.79; the app ships 0.2.86',
	hostRequests: {
		synthetic: Object.entries(requests).filter(([p]) => p.startsWith('/__speed-synthetic__/')).reduce((a, [, n]) => a + n, 0),
		library: Object.entries(requests).filter(([p]) => p.startsWith('/lib/')).reduce((a, [, n]) => a + n, 0)
	},
	result
};
const root = resolve(import.meta.dirname, '../..');
mkdirSync(join(root, 'bench/results'), { recursive: true });
const file = join(root, 'bench/results', `${gpu}-${date}.json`);
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${file}`);

const f = (v: number, d: number) => v.toFixed(d);
console.log('| context N | one-shot prefill | prefill tok/s | decode tok/s at N | question as one chunk | question as decode steps |');
console.log('|---|---|---|---|---|---|');
for (const r of result.rows)
	console.log(`| ${r.n.toLocaleString('en')} | ${f(r.prefillS, 2)} s | ${f(r.prefillTokS, 0)} | ${f(r.decodeTokS, 1)} | ${f(r.questionChunkS, 3)} s (${r.questionTokens}) | ${f(r.questionDecodeS, 2)} s (${r.questionTokens}) |`);
if (result.prediction) {
	console.log(`\nPrediction (${result.prediction.extrapolated ? `extrapolated past ${result.prediction.measuredUpTo}` : 'within the ladder'}):`);
	for (const p of result.prediction.paths) console.log(`- ${p.path}: ${formatDuration(p.totalS)}`);
}
console.log(`\ntimings: ${JSON.stringify(result.timings)}; self-check: ${JSON.stringify(result.selfCheck)}; network: ${JSON.stringify(result.network)}; host: ${JSON.stringify(out.hostRequests)}`);
