// `npm test`: install what the tests need, type-check (svelte-check: TypeScript and Svelte), then run every test
// (Node unit tests, real-Chromium browser tests and e2e tests of the built app). Any error fails it.
import { execFileSync } from 'node:child_process';
import { ensureChromium, ensureNodeModules } from './setup.mjs';

try {
	ensureNodeModules();
	ensureChromium();
	execFileSync('npx', ['svelte-kit', 'sync'], { stdio: 'inherit' });
	// Only a whole run type-checks: `npm test -- tests/unit/x.test.ts` runs just that file.
	if (process.argv.length <= 2) execFileSync('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error'], { stdio: 'inherit' });
	execFileSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
} catch (e) {
	if (e && typeof e === 'object' && 'status' in e && typeof e.status === 'number') process.exit(e.status || 1);
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}
