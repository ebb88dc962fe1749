import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A static site: every route is served by the fallback page, so deep links work on any static host.
		adapter: adapter({ fallback: '200.html' }),
		// Absolute asset paths (/_app/…) in every page: the service worker answers any route (/run/abc) with a cached
		// page, and relative paths in that page would resolve under the route (/run/_app/…) and leave it blank.
		paths: { relative: false },
		serviceWorker: { register: true },
		// Private by construction: scripts only from this origin (SvelteKit's inline start-up script is hashed), no
		// third-party fonts, styles or frames. Connections go to this origin and to the model host or endpoint the
		// user types in at run time — which a static page cannot list ahead — so any https origin and plain-http
		// loopback by name or IPv4 (CSP has no syntax for IPv6 literals) are allowed; plain http elsewhere is refused.
		// WebAssembly needs 'wasm-unsafe-eval' (the tokenizer and WebLLM).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self', 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
