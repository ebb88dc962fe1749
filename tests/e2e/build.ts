// The e2e project's global setup: one `vite build` per test run, shared by every e2e file (each used to build the
// app itself). E2E_SKIP_BUILD=1 reuses an existing build/ when iterating on a test.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup() {
	if (process.env.E2E_SKIP_BUILD && existsSync('build/200.html')) return;
	execFileSync('npx', ['vite', 'build'], { stdio: 'ignore', timeout: 400_000 });
}
