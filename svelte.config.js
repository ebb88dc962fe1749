import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A static site: every route is served by the fallback page, so deep links work on any static host.
		adapter: adapter({ fallback: '200.html' }),
		serviceWorker: { register: true }
	}
};

export default config;
