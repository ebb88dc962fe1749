// The app's static host: serves build/ and answers every unknown page route with 200.html, as a static host set up
// for a single-page app does. `npm start` serves the app with it, and the e2e tests and the results-page benchmark
// run against it, so what users start is what the tests check. Node built-ins only: it runs before any install.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.jsonl': 'application/x-ndjson',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8',
	'.webmanifest': 'application/manifest+json'
};

/**
 * @typedef {object} StaticServer
 * @property {string} url
 * @property {number} port
 * @property {string[]} requests Paths requested so far, in order (lets tests check what went over the network).
 * @property {() => Promise<void>} close
 */

/**
 * @param {string} [root] the folder to serve (build/)
 * @param {{ port?: number; host?: string; fallback?: string }} [opts]
 * @returns {Promise<StaticServer>}
 */
export async function startStaticServer(root = 'build', opts = {}) {
	const base = resolve(root);
	const fallback = opts.fallback ?? '200.html';
	const host = opts.host ?? '127.0.0.1';
	/** @type {string[]} */
	const requests = [];
	const server = createServer(async (req, res) => {
		let path;
		try {
			path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		} catch {
			res.writeHead(400).end('bad path');
			return;
		}
		requests.push(path);
		const file = normalize(join(base, path));
		if (file !== base && !file.startsWith(base + sep)) {
			res.writeHead(403).end();
			return;
		}
		for (const c of [file, join(file, 'index.html'), `${file}.html`]) {
			try {
				if ((await stat(c)).isFile()) {
					res.writeHead(200, { 'content-type': TYPES[/** @type {keyof TYPES} */ (extname(c))] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
					res.end(await readFile(c));
					return;
				}
			} catch {
				/* try the next candidate */
			}
		}
		// An asset that does not exist is a 404; a page route falls back to the app shell.
		if (extname(path) && !path.endsWith('.html')) {
			res.writeHead(404).end('not found');
			return;
		}
		try {
			const shell = await readFile(join(base, fallback));
			res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
			res.end(shell);
		} catch {
			res.writeHead(404).end(`no ${fallback} in ${root}: build the app first (npx vite build)`);
		}
	});
	await new Promise((ok, fail) => {
		server.once('error', fail);
		server.listen(opts.port ?? 0, host, () => ok(undefined));
	});
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	return {
		url: `http://${host}:${port}`,
		port,
		requests,
		close: () => new Promise((ok) => server.close(() => ok(undefined)))
	};
}
