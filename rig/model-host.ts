// A local stand-in for Hugging Face + the model-library CDN: serves generated model folders in the layout web-llm
// fetches (`<origin>/models/<id>/resolve/main/<file>`) and model libraries (`<origin>/libs/<file>`), on 127.0.0.1
// only. It counts requests per path so a test can assert where bytes came from (host or browser cache), and it can
// be stopped and started again on the same port — web-llm keys its cache by absolute URL, so a reload must see the
// same origin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join, normalize, sep } from 'node:path';

export interface ModelHostOptions {
	/** Model id → folder on disk. */
	models: Record<string, string>;
	/** Library file name → its bytes. */
	libs?: Record<string, Uint8Array>;
	/** 0 (default) picks a free port. */
	port?: number;
}

export interface ModelHost {
	readonly origin: string;
	readonly port: number;
	readonly models: Map<string, string>;
	readonly running: boolean;
	/** The `model` field of a web-llm ModelRecord. */
	modelUrl(id: string): string;
	/** The `model_lib` field of a web-llm ModelRecord. */
	libUrl(fileName: string): string;
	/** GET requests per URL path since start or the last reset (HEAD and OPTIONS are not counted). */
	counts(): Map<string, number>;
	/** Sum of counts for paths that contain `fragment`. */
	countMatching(fragment: string): number;
	resetCounts(): void;
	/** Stops listening and drops open connections; requests fail with "connection refused" until start(). */
	stop(): Promise<void>;
	/** Listens again on the same port. */
	start(): Promise<void>;
}

const CORS = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, HEAD, OPTIONS',
	'access-control-allow-headers': '*',
	'access-control-expose-headers': 'content-length, content-range, accept-ranges'
};

export async function startModelHost(opts: ModelHostOptions): Promise<ModelHost> {
	const models = new Map(Object.entries(opts.models));
	const libs = new Map(Object.entries(opts.libs ?? {}));
	const counts = new Map<string, number>();
	const sockets = new Set<Socket>();
	let server: Server | null = null;
	let port = opts.port ?? 0;

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
		if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, CORS).end();
		if (req.method === 'GET') counts.set(path, (counts.get(path) ?? 0) + 1);
		const lib = /^\/libs\/([^/]+)$/.exec(path);
		if (lib) {
			const bytes = libs.get(lib[1]);
			if (!bytes) return notFound(res, path);
			res.writeHead(200, { ...CORS, 'content-type': 'application/wasm', 'content-length': bytes.byteLength });
			return void res.end(req.method === 'HEAD' ? undefined : bytes);
		}
		const m = /^\/models\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(path);
		const dir = m && models.get(m[1]);
		if (!m || !dir) return notFound(res, path);
		const file = normalize(join(dir, m[2]));
		if (!file.startsWith(normalize(dir) + sep)) return notFound(res, path);
		const st = await stat(file).catch(() => null);
		if (!st?.isFile()) return notFound(res, path);
		await sendFile(req, res, file, st.size);
	};

	const listen = () =>
		new Promise<void>((resolve, reject) => {
			const s = createServer((req, res) => {
				handle(req, res).catch((e: unknown) => {
					if (!res.headersSent) res.writeHead(500, CORS);
					res.end(String(e));
				});
			});
			s.on('connection', (sock) => {
				sockets.add(sock);
				sock.on('close', () => sockets.delete(sock));
			});
			s.once('error', reject);
			s.listen(port, '127.0.0.1', () => {
				const a = s.address();
				if (a && typeof a === 'object') port = a.port;
				server = s;
				resolve();
			});
		});

	await listen();
	return {
		get origin() {
			return `http://127.0.0.1:${port}`;
		},
		get port() {
			return port;
		},
		models,
		get running() {
			return server !== null;
		},
		modelUrl(id) {
			return `http://127.0.0.1:${port}/models/${encodeURIComponent(id)}`;
		},
		libUrl(fileName) {
			return `http://127.0.0.1:${port}/libs/${encodeURIComponent(fileName)}`;
		},
		counts: () => new Map(counts),
		countMatching(fragment) {
			let n = 0;
			for (const [p, c] of counts) if (p.includes(fragment)) n += c;
			return n;
		},
		resetCounts: () => counts.clear(),
		async stop() {
			const s = server;
			if (!s) return;
			server = null;
			for (const sock of sockets) sock.destroy();
			await new Promise<void>((resolve) => s.close(() => resolve()));
		},
		async start() {
			if (!server) await listen();
		}
	};
}

function notFound(res: ServerResponse, path: string): void {
	res.writeHead(404, { ...CORS, 'content-type': 'text/plain' }).end(`not found: ${path}`);
}

/** Whole file or one `bytes=a-b` range (resumable downloads in newer web-llm ask for ranges). */
async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number): Promise<void> {
	const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
	const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
	let start = 0;
	let end = size - 1;
	let status = 200;
	const headers: Record<string, string | number> = { ...CORS, 'content-type': type, 'accept-ranges': 'bytes' };
	if (range && (range[1] || range[2])) {
		start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
		end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
		if (start > end || start >= size) {
			res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
			return;
		}
		status = 206;
		headers['content-range'] = `bytes ${start}-${end}/${size}`;
	}
	headers['content-length'] = end - start + 1;
	res.writeHead(status, headers);
	if (req.method === 'HEAD' || size === 0) return void res.end();
	await new Promise<void>((resolve, reject) => {
		const stream = createReadStream(file, { start, end });
		stream.on('error', reject);
		res.on('close', () => {
			stream.destroy();
			resolve();
		});
		stream.pipe(res);
	});
}
