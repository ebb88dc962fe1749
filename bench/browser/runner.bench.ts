// Runs in real Chromium (bench config only): runner overhead per probe and re-opening a 9,400-answer run from
// Chromium's own IndexedDB, printed as one JSON line.
import { expect, it } from 'vitest';
import { benchRunner } from '../runner';

it('runner benchmark in Chromium', async () => {
	const r = await benchRunner({ dbName: `bench-runner-${Date.now()}` });
	console.log('BENCH_JSON ' + JSON.stringify({ ...r, userAgent: navigator.userAgent }));
	expect(r.probes).toBe(9400);
});
