// A tiny static file server for the built app: serves build/ on 127.0.0.1 and falls back to 200.html, as a static
// host configured for a single-page app would. Used by the e2e tests and the results-page benchmark.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
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

export interface StaticServer {
	url: string;
	port: number;
	/** Paths requested so far, in order (lets tests check what went over the network). */
	requests: string[];
	close(): Promise<void>;
}

export async function startStaticServer(root = 'build', opts: { port?: number; fallback?: string } = {}): Promise<StaticServer> {
	const base = resolve(root);
	const fallback = opts.fallback ?? '200.html';
	const requests: string[] = [];
	const server: Server = createServer(async (req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		requests.push(path);
		const file = normalize(join(base, path));
		if (!file.startsWith(base)) {
			res.writeHead(403).end();
			return;
		}
		const candidates = [file, join(file, 'index.html'), `${file}.html`];
		for (const c of candidates) {
			try {
				if ((await stat(c)).isFile()) {
					res.writeHead(200, { 'content-type': TYPES[extname(c)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
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
		res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
		res.end(await readFile(join(base, fallback)));
	});
	await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
	const port = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: () => new Promise((ok) => server.close(() => ok()))
	};
}
