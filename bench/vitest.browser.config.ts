import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

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
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
					args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
				}
			}),
			instances: [{ browser: 'chromium' }]
		}
	}
});
