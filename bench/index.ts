// `npm run bench [-- NAME] [--json]`: benchmarks that print figures. Never part of `npm test`.
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';
import { benchPlan, benchTokenizer } from './plan';
import { runBrowserBench } from './browser/run';
import { benchHttpOverhead } from './http-overhead';
import { benchPrefill } from './prefill';
import { benchQuantize } from './quantize';
import { benchQuantizeThreads } from './quantize-threads';
import { benchRunner } from './runner';
import { benchSha256 } from './sha256';
import { benchConvert } from './convert';

type Bench = () => Promise<unknown>;

/** A benchmark that is its own script (it drives a browser against the built app): run it, read its JSON. */
async function script(path: string): Promise<unknown> {
	const { execFileSync } = await import('node:child_process');
	const out = execFileSync('npx', ['tsx', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
	return JSON.parse(out.slice(out.indexOf('{')));
}

const BENCHES: Record<string, Bench> = {
	plan: async () => benchPlan(await nodeMistralTokenizer(), await nodePools()),
	tokenizer: async () => benchTokenizer(await nodeMistralTokenizer(), await nodePools()),
	'plan-chromium': () => runBrowserBench('plan'),
	http: () => benchHttpOverhead(),
	prefill: async () => {
		const r = await benchPrefill();
		return { probes: r.probes, naive_prefill_tokens: r.naive_prefill_tokens, reuse_prefill_tokens: r.reuse_prefill_tokens, ratio: r.ratio };
	},
	runner: () => benchRunner(),
	quantize: async () => benchQuantize(),
	'quantize-threads': async () => [await benchQuantizeThreads({ target: 'q4f32_1' }), await benchQuantizeThreads({ target: 'q4f16_1' })],
	'runner-chromium': () => runBrowserBench('runner'),
	'results-page': () => script('bench/results-page.ts'),
	sha256: () => benchSha256(),
	convert: () => benchConvert()
};

async function main(argv: string[]): Promise<number> {
	const json = argv.includes('--json');
	const names = argv.filter((a) => !a.startsWith('--'));
	const selected = names.length ? names : Object.keys(BENCHES);
	for (const name of selected) {
		const bench = BENCHES[name];
		if (!bench) {
			process.stderr.write(`unknown benchmark ${JSON.stringify(name)}; known: ${Object.keys(BENCHES).join(', ')}\n`);
			return 2;
		}
		const result = await bench();
		if (json) process.stdout.write(JSON.stringify(result) + '\n');
		else process.stdout.write(`\n## ${name}\n${JSON.stringify(result, null, 2)}\n`);
	}
	return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
