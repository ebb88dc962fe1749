import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CHROMIUM_WEBGPU_ARGS, chromiumPath } from './tests/helpers/chromium';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
function gitCommit(): string {
	try {
		return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
	} catch {
		return 'unknown';
	}
}


export default defineConfig({
	plugins: [sveltekit()],
	define: {
		__APP_VERSION__: JSON.stringify(pkg.version),
		__APP_COMMIT__: JSON.stringify(gitCommit())
	},
	worker: { format: 'es' },
	// Pre-bundle what browser tests import lazily, so the dev server never re-optimizes (and reloads) mid-test.
	optimizeDeps: { include: ['mistral-tokenizer-js', '@mlc-ai/web-tokenizers', 'idb-keyval', 'd3-scale', 'd3-shape', 'd3-array'] },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['tests/unit/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 300_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					// The built app in Chromium through playwright: one `vite build` per run (tests/e2e/build.ts).
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/e2e/build.ts'],
					testTimeout: 300_000,
					hookTimeout: 300_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'client',
					include: ['tests/browser/**/*.test.ts'],
					globalSetup: ['tests/helpers/global-openai.ts', 'tests/helpers/global-hf.ts'],
					testTimeout: 300_000,
					hookTimeout: 300_000,
					browser: {
						enabled: true,
						headless: true,
						provider: playwright({
							launchOptions: {
								executablePath: chromiumPath(),
								args: CHROMIUM_WEBGPU_ARGS
							}
						}),
						instances: [{ browser: 'chromium' }]
					}
				}
			}
		]
	}
});
