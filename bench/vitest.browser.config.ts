import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/helpers/chromium';

// Benchmarks in real Chromium; only `npm run bench` uses this config.
export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['bench/browser/**/*.bench.ts'],
		testTimeout: 600_000,
		browser: {
			enabled: true,
			headless: true,
			provider: playwright({
				launchOptions: {
					executablePath: chromiumPath(),
					args: CHROMIUM_ARGS
				}
			}),
			instances: [{ browser: 'chromium' }]
		}
	}
});
