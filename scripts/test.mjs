// `npm test`: install what the tests need, then run every test (Node unit tests and real-Chromium browser tests).
import { execFileSync } from 'node:child_process';
import { ensureChromium, ensureNodeModules } from './setup.mjs';

try {
	ensureNodeModules();
	ensureChromium();
	execFileSync('npx', ['svelte-kit', 'sync'], { stdio: 'inherit' });
	execFileSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
} catch (e) {
	if (e && typeof e === 'object' && 'status' in e && typeof e.status === 'number') process.exit(e.status || 1);
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}
