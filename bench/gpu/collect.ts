// Turns the $OUT folders of device runs (result.json, browser.txt, flags.txt, requests.json, baseline.json) into one
// bench/results/<gpu>-<date>[-tag].json and prints the markdown tables for docs/speed.md and docs/batch.md.
// A GPU run of the batch phase spans several device calls (ladder; one at a time; batched), each its own folder.
// usage: npx tsx bench/gpu/collect.ts OUTDIR[,OUTDIR…] [gpu-name] [tag]
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SpeedResult } from '../../src/lib/speed/types';
import { formatDuration, predictBatched, predictRun, VAL_PLAN } from '../../src/lib/speed/predict';
import { oneAtATimeCheck } from '../../src/lib/speed/batch-phase';

const dirs = (process.argv[2] ?? '').split(',').filter(Boolean);
if (!dirs.length) throw new Error('usage: collect.ts OUTDIR[,OUTDIR…] [gpu-name] [tag]');
const gpu = process.argv[3] ?? 'h100';
const tag = process.argv[4] ? `-${process.argv[4]}` : '';
const read = (dir: string, f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() : null);

const calls = dirs.map((dir) => {
	const raw = read(dir, 'result.json');
	if (!raw) throw new Error(`no result.json in ${dir}`);
	const result = JSON.parse(raw.split('\n').filter(Boolean).at(-1)!) as SpeedResult;
	const requests = JSON.parse(read(dir, 'requests.json') ?? '{}') as Record<string, number>;
	const sum = (prefix: string) => Object.entries(requests).filter(([p]) => p.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
	return {
		browser: read(dir, 'browser.txt'),
		chromiumFlags: read(dir, 'flags.txt'),
		hostRequests: { synthetic: sum('/__speed-synthetic__/'), library: sum('/lib/') },
		result
	};
});
const first = calls[0].result;
const date = (first.provenance?.date ?? new Date().toISOString()).slice(0, 10);
const rows = calls.find((c) => c.result.rows.length)?.result.rows ?? [];
const batchRuns = calls.flatMap((c) => c.result.batch?.runs ?? []);
const params = calls.find((c) => c.result.batch)?.result.batch?.params ?? null;

// Derived figures: each from measured values of these calls only.
let batch = null;
if (params && batchRuns.length) {
	const baselines = calls.map((c) => c.result.batch?.baseline).filter((b): b is NonNullable<typeof b> => !!b);
	const single = batchRuns.find((r) => r.mode === 'single') ?? null;
	batch = {
		params,
		// Every call's one-at-a-time digests must agree (same seed, same library): the identity check spans calls.
		baselinesAgree: baselines.every((b) => JSON.stringify(b) === JSON.stringify(baselines[0])),
		runs: batchRuns,
		speedups: single ? Object.fromEntries(batchRuns.filter((r) => r.mode !== 'single').map((r) => [r.mode, single.seconds / r.seconds])) : {},
		oneAtATimeRun: oneAtATimeCheck(rows, params, batchRuns),
		valPrediction: rows.length
			? [
					...predictRun(rows, VAL_PLAN).paths.filter((p) => p.path === 'chunk'),
					...batchRuns
						.filter((r) => r.mode !== 'single' && r.path.startsWith('batch:'))
						.map((r) => ({ ...predictBatched(rows, VAL_PLAN, { contextTokens: params.contextTokens, perQuestionS: r.perQuestionS }), drafts: r.mode }))
				]
			: null
	};
}

const out = {
	label: 'synthetic weights: speed only',
	gpu,
	note: 'web-llm 0.2.79 twin worker: the only model libraries at hand (v0_2_48) pair with 0.2.79; the app ships 0.2.86',
	calls,
	batch
};
const root = resolve(import.meta.dirname, '../..');
mkdirSync(join(root, 'bench/results'), { recursive: true });
const file = join(root, 'bench/results', `${gpu}-${date}${tag}.json`);
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${file}`);

const f = (v: number, d: number) => v.toFixed(d);
if (rows.length) {
	console.log('| context N | one-shot prefill | prefill tok/s | decode tok/s at N | question as one chunk | question as decode steps |');
	console.log('|---|---|---|---|---|---|');
	for (const r of rows)
		console.log(`| ${r.n.toLocaleString('en')} | ${f(r.prefillS, 2)} s | ${f(r.prefillTokS, 0)} | ${f(r.decodeTokS, 1)} | ${f(r.questionChunkS, 3)} s (${r.questionTokens}) | ${f(r.questionDecodeS, 2)} s (${r.questionTokens}) |`);
	const pr = predictRun(rows, VAL_PLAN);
	console.log(`\nVaL prediction (${pr.extrapolated ? `extrapolated past ${pr.measuredUpTo}` : 'within the ladder'}):`);
	for (const p of pr.paths) console.log(`- ${p.path}: ${formatDuration(p.totalS)}`);
}
if (batch) {
	console.log(`\n| way | path | B | context prefill | ${batch.params.questions} answers | per question | speed-up | identical | drafts kept |`);
	console.log('|---|---|---|---|---|---|---|---|---|');
	for (const r of batch.runs)
		console.log(
			`| ${r.mode} | ${r.path} | ${r.B} | ${f(r.contextS, 1)} s | ${f(r.seconds, 1)} s | ${f(r.perQuestionS, 3)} s | ${r.mode === 'single' ? '1×' : `${f(batch.speedups[r.mode], 2)}×`} | ${r.identical ?? '(reference)'}${r.identical === null ? '' : `/${batch.params.questions}`} | ${r.draftFed ? `${r.draftAccepted}/${r.draftFed}` : '–'} |`
		);
	if (batch.oneAtATimeRun) console.log(`\none at a time, predicted ${f(batch.oneAtATimeRun.predictedS, 1)} s, measured ${f(batch.oneAtATimeRun.measuredS, 1)} s (${f(batch.oneAtATimeRun.errorPct, 1)} %)`);
	for (const p of batch.valPrediction ?? []) console.log(`- VaL ${p.path}${'drafts' in p ? ` (${p.drafts})` : ''}: ${formatDuration(p.totalS)}`);
	console.log(`baselines agree across calls: ${batch.baselinesAgree}`);
}
for (const c of calls) console.log(`\ntimings: ${JSON.stringify(c.result.timings)}; self-check: ${JSON.stringify(c.result.selfCheck)}; network: ${JSON.stringify(c.result.network)}; host: ${JSON.stringify(c.hostRequests)}`);
