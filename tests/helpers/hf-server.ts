// A local stand-in for huggingface.co, on 127.0.0.1 and port 0: it serves a folder with HTTP Range support and
// emulates the Hub for every `<owner>/<name>` folder two levels down (the API's revision listing with LFS SHA-256s,
// and `resolve/<rev>/` paths). It can require a token, turn CORS off, and inject faults: a 404 for a named file,
// Range ignored, a file cut at byte N, a connection dropped after N bytes (once), slowness. It counts requests.
// Used by the converter's unit and browser tests, and by anything that needs a Hub without the internet.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, normalize, relative, resolve, sep } from 'node:path';

export interface HfServerFaults {
	/** Files (a path, or its last segments) answered 404. */
	notFound?: string[];
	/** true: every file; or the files named: answered 200 with the whole file, Range ignored. */
	ignoreRange?: boolean | string[];
	/** File → length: served as if the file ended there. */
	truncate?: Record<string, number>;
	/** File → N: the next answer that would carry the file's byte N is cut just before it (the connection closed
	 * mid-body), once; then the entry is gone. */
	dropAfter?: Record<string, number>;
	/** Wait before every answer. */
	delayMs?: number;
	/** Wait between 64 KiB pieces of a body. */
	chunkDelayMs?: number;
}

export interface HfServerOptions {
	root: string;
	port?: number;
	/** When set, every request but a preflight needs `Authorization: Bearer <token>` (none: 401, wrong: 403). */
	token?: string | null;
	/** Access-Control headers for any origin (default true). */
	cors?: boolean;
	faults?: HfServerFaults;
	/** Branch names every repository has (default ["main"]). */
	branches?: string[];
}

export interface RequestLog {
	method: string;
	path: string;
	range: string | null;
	status: number;
	/** Body bytes sent. */
	bytes: number;
}

export interface HfServer {
	url: string;
	port: number;
	/** Change freely between requests. */
	faults: HfServerFaults;
	cors: boolean;
	requests: RequestLog[];
	/** The commit every branch of `repo` resolves to (a hash of its file listing). */
	commitOf(repo: string): Promise<string>;
	close(): Promise<void>;
}

const LFS = /\.(safetensors|gguf|bin|model|pt)$/;

const matches = (rel: string, names: string[] | undefined) => !!names?.some((n) => rel === n || rel.endsWith('/' + n));
const named = <T>(rel: string, table: Record<string, T> | undefined): [string, T] | undefined =>
	Object.entries(table ?? {}).find(([n]) => rel === n || rel.endsWith('/' + n));
const wait = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
	const out: string[] = [];
	for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
		const rel = prefix ? `${prefix}/${e.name}` : e.name;
		if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), rel)));
		else if (e.isFile()) out.push(rel);
	}
	return out.sort();
}

async function sha256File(path: string): Promise<string> {
	const h = createHash('sha256');
	for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
	return h.digest('hex');
}

export async function startHfServer(opts: HfServerOptions): Promise<HfServer> {
	const root = resolve(opts.root);
	const branches = opts.branches ?? ['main'];
	const requests: RequestLog[] = [];
	const api: HfServer = {
		url: '',
		port: 0,
		faults: opts.faults ?? {},
		cors: opts.cors ?? true,
		requests,
		commitOf: async (repo) => createHash('sha1').update(repo + '\n' + (await listFiles(join(root, repo))).join('\n')).digest('hex'),
		close: async () => {}
	};

	function head(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
		const cors: Record<string, string> = api.cors
			? {
					'access-control-allow-origin': '*',
					'access-control-allow-headers': 'authorization, range',
					'access-control-allow-methods': 'GET, HEAD, OPTIONS',
					'access-control-expose-headers': 'content-range, content-length, accept-ranges, etag, x-repo-commit'
				}
			: {};
		res.writeHead(status, { ...cors, ...headers });
	}

	function json(res: ServerResponse, log: RequestLog, status: number, value: unknown): void {
		const body = JSON.stringify(value);
		head(res, status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
		res.end(body);
		log.status = status;
		log.bytes = Buffer.byteLength(body);
	}

	async function revision(res: ServerResponse, log: RequestLog, repo: string, rev: string): Promise<void> {
		const dir = join(root, repo);
		if (!(await stat(dir).catch(() => null))?.isDirectory()) return json(res, log, 404, { error: 'Repository not found' });
		const sha = await api.commitOf(repo);
		if (rev !== sha && !branches.includes(rev)) return json(res, log, 404, { error: `Invalid rev id: ${rev}` });
		const siblings = [];
		for (const rfilename of await listFiles(dir)) {
			const size = (await stat(join(dir, rfilename))).size;
			siblings.push(LFS.test(rfilename) ? { rfilename, size, lfs: { sha256: await sha256File(join(dir, rfilename)), size, pointerSize: 134 } } : { rfilename, size });
		}
		json(res, log, 200, { id: repo, sha, siblings });
	}

	async function file(req: IncomingMessage, res: ServerResponse, log: RequestLog, rel: string, extra: Record<string, string>): Promise<void> {
		const path = normalize(join(root, rel));
		const info = path.startsWith(root + sep) ? await stat(path).catch(() => null) : null;
		const f = api.faults;
		if (!info?.isFile() || matches(rel, f.notFound)) return json(res, log, 404, { error: 'Entry not found' });
		const cut = named(rel, f.truncate);
		const size = cut ? Math.min(cut[1], info.size) : info.size;
		const ignore = f.ignoreRange === true || (Array.isArray(f.ignoreRange) && matches(rel, f.ignoreRange));
		const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
		let start = 0;
		let end = size - 1;
		let status = 200;
		const headers: Record<string, string | number> = { ...extra, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', etag: `"${info.size}-${info.mtimeMs}"` };
		if (m && !ignore && (m[1] || m[2])) {
			start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
			end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
			if (start >= size || start > end) {
				head(res, 416, { ...headers, 'content-range': `bytes */${size}` });
				res.end();
				log.status = 416;
				return;
			}
			status = 206;
			headers['content-range'] = `bytes ${start}-${end}/${size}`;
		}
		const length = end - start + 1;
		head(res, status, { ...headers, 'content-length': length });
		log.status = status;
		if (req.method === 'HEAD' || length === 0) return void res.end();
		const drop = named(rel, f.dropAfter);
		const cuts = drop !== undefined && drop[1] > start && drop[1] <= end;
		if (cuts) delete f.dropAfter![drop[0]];
		const limit = cuts ? drop[1] - start : Infinity;
		for await (const chunk of createReadStream(path, { start, end, highWaterMark: 64 << 10 })) {
			const piece = (chunk as Buffer).subarray(0, Math.max(0, limit - log.bytes));
			if (piece.length > 0 && !res.write(piece)) await new Promise((ok) => res.once('drain', ok));
			log.bytes += piece.length;
			if (log.bytes >= limit) {
				// Flush what was written and close the connection: the client sees fewer bytes than Content-Length.
				res.socket?.end();
				return;
			}
			if (f.chunkDelayMs) await wait(f.chunkDelayMs);
		}
		res.end();
	}

	async function handle(req: IncomingMessage, res: ServerResponse, log: RequestLog): Promise<void> {
		if (req.method === 'OPTIONS') {
			head(res, 204);
			log.status = 204;
			return void res.end();
		}
		if (api.faults.delayMs) await wait(api.faults.delayMs);
		if (opts.token) {
			const auth = req.headers.authorization;
			if (auth !== `Bearer ${opts.token}`) return json(res, log, auth ? 403 : 401, { error: 'Access to this repository is restricted: log in or pass a token' });
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, log, 405, { error: 'method not allowed' });
		const url = new URL(req.url ?? '/', 'http://x');
		const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		if (parts[0] === 'api' && parts[1] === 'models' && parts[4] === 'revision' && parts.length === 6)
			return revision(res, log, `${parts[2]}/${parts[3]}`, parts[5]);
		if (parts[2] === 'resolve' && parts.length >= 5) {
			const repo = `${parts[0]}/${parts[1]}`;
			const sha = await api.commitOf(repo);
			if (parts[3] !== sha && !branches.includes(parts[3])) return json(res, log, 404, { error: `Invalid rev id: ${parts[3]}` });
			return file(req, res, log, [repo, ...parts.slice(4)].join('/'), { 'x-repo-commit': sha });
		}
		return file(req, res, log, relative(root, join(root, ...parts)).split(sep).join('/'), {});
	}

	const server = createServer((req, res) => {
		const log: RequestLog = { method: req.method ?? 'GET', path: decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname), range: req.headers.range ?? null, status: 0, bytes: 0 };
		requests.push(log);
		handle(req, res, log).catch((e) => {
			if (!res.headersSent) json(res, log, 500, { error: String(e) });
			else res.destroy();
		});
	});
	await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
	api.port = (server.address() as { port: number }).port;
	api.url = `http://127.0.0.1:${api.port}`;
	api.close = () =>
		new Promise((ok) => {
			server.closeAllConnections();
			server.close(() => ok());
		});
	return api;
}
