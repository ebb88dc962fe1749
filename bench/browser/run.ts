// Runs a browser benchmark file under vitest's browser mode and returns the JSON it printed.
import { execFileSync } from 'node:child_process';

export async function runBrowserBench(name: string): Promise<unknown> {
	const out = execFileSync('npx', ['vitest', 'run', '--config', 'bench/vitest.browser.config.ts', `bench/browser/${name}.bench.ts`], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 << 20
	});
	const line = out.split('\n').find((l) => l.includes('BENCH_JSON '));
	if (!line) throw new Error(`the browser benchmark ${name} printed no result:\n${out.slice(-2000)}`);
	return JSON.parse(line.slice(line.indexOf('BENCH_JSON ') + 'BENCH_JSON '.length));
}
