// Bytes over HTTP Range requests. Each read asks for exactly its bytes and checks the answer: 206 with a matching
// Content-Range, the full length. Network drops and 5xx answers are retried with backoff, then fail 'network'
// (resumable). The other answers each have their own kind and a message that says what to do.
import { ConvertError, type SourceFile } from '../types';
import { abortedError, sleep, type ByteSource } from './byte-source';

export interface HttpSourceOptions {
	label?: string;
	/** Sent with every request (e.g. Authorization). */
	headers?: Record<string, string>;
	fetch?: typeof fetch;
	/** Retries after the first try (default 4). */
	retries?: number;
	/** First wait before a retry, doubled each time (default 500 ms). */
	backoffMs?: number;
	/** Files and sizes known beforehand (the Hub's listing): sizes are then not asked for. */
	listing?: SourceFile[] | null;
	/** Whether a fetch that fails may be a CORS refusal: true in browsers and workers (default), false in Node. */
	corsPossible?: boolean;
	/** What a 401/403 means here and what to do (the Hub says: gated repository, access token). */
	authHint?: string;
}

/** `base` (a folder URL) joined with a path inside it, each segment encoded. */
export function fileUrl(base: string, name: string): string {
	return (base.endsWith('/') ? base : base + '/') + name.split('/').map(encodeURIComponent).join('/');
}

type Outcome<T> = T | { retry: string };

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;
const UNSATISFIED = /^bytes \*\/(\d+)$/;

function inBrowser(): boolean {
	const g = globalThis as { window?: unknown; WorkerGlobalScope?: unknown };
	return g.window !== undefined || g.WorkerGlobalScope !== undefined;
}

function describe(e: unknown): string {
	const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
	return e instanceof Error ? `${e.message}${cause}` : String(e);
}

function drain(res: Response): void {
	res.body?.cancel().catch(() => {});
}

export function httpSource(base: string, opts: HttpSourceOptions = {}): ByteSource {
	const doFetch: typeof fetch = opts.fetch ?? ((input, init) => fetch(input, init));
	const retries = opts.retries ?? 4;
	const backoff = opts.backoffMs ?? 500;
	const corsPossible = opts.corsPossible ?? inBrowser();
	const host = new URL(base).host;
	const sizes = new Map<string, number>();
	for (const f of opts.listing ?? []) if (f.size !== null) sizes.set(f.name, f.size);
	// Files this host has answered for: after an answer, a fetch that fails is the network, never CORS.
	const answered = new Set<string>();

	const fail = (kind: ConvertError['kind'], file: string, message: string) => new ConvertError(kind, `${file}: ${message}`, file);

	function noAnswer(file: string, url: string, cause: string): ConvertError {
		if (!corsPossible || answered.has(file))
			return fail('network', file, `no answer from ${host} after ${retries + 1} tries (${cause}): check the network and try again; the conversion resumes where it stopped`);
		return fail(
			'cors',
			file,
			`no answer from ${host} (${cause}). Either the host refuses this page's origin (CORS) or the network is down. ` +
				`To tell which: open ${url} in a new tab. If it downloads there, the host does not allow this page to read it: ` +
				`host the files where CORS is allowed, or pick them from disk. If it fails there too, it is the network.`
		);
	}

	function statusError(res: Response, file: string, url: string): ConvertError | { retry: string } {
		drain(res);
		const s = res.status;
		if (s === 404 || s === 410) return fail('not-found', file, `not found at ${url} (HTTP ${s}): check the address, and that the file is there`);
		if (s === 401 || s === 403)
			return fail('auth', file, `HTTP ${s} from ${host}: ${opts.authHint ?? 'access denied. If these files need a login, give an access token, and check that it is right.'}`);
		if (s === 408 || s === 425 || s === 429 || s >= 500) return { retry: `HTTP ${s}` };
		return fail('unsupported', file, `HTTP ${s} from ${host} for ${url}: the converter needs plain file downloads with Range support`);
	}

	/** One request with retries: `handle` turns a response into a value, an error, or a retry. */
	async function withRetries<T>(file: string, url: string, init: RequestInit, signal: AbortSignal | undefined, handle: (res: Response) => Promise<Outcome<T>>): Promise<T> {
		let cause = '';
		for (let attempt = 0; ; attempt++) {
			if (signal?.aborted) throw abortedError(file);
			if (attempt > 0) await sleep(backoff * 2 ** (attempt - 1), signal, file);
			let res: Response;
			try {
				res = await doFetch(url, { ...init, headers: { ...opts.headers, ...(init.headers as Record<string, string>) }, signal, cache: 'no-store' });
			} catch (e) {
				if (signal?.aborted) throw abortedError(file);
				cause = describe(e);
				if (attempt < retries) continue;
				throw noAnswer(file, url, cause);
			}
			answered.add(file);
			const out = await handle(res);
			if (!(out && typeof out === 'object' && 'retry' in out)) return out as T;
			cause = out.retry;
			if (attempt >= retries)
				throw fail('network', file, `${cause} from ${host}, ${retries + 1} tries: check the network and try again; the conversion resumes where it stopped`);
		}
	}

	async function body(res: Response, file: string, signal: AbortSignal | undefined): Promise<Outcome<Uint8Array>> {
		try {
			return new Uint8Array(await res.arrayBuffer());
		} catch (e) {
			if (signal?.aborted) throw abortedError(file);
			return { retry: `the connection dropped mid-file (${describe(e)})` };
		}
	}

	const truncated = (file: string, total: number, end: number) =>
		fail('truncated', file, `the file ends at byte ${total} but bytes up to ${end} were expected: it is shorter than its listing or header says; download it again`);

	async function read(file: string, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
		if (length === 0) return new Uint8Array(0);
		const url = fileUrl(base, file);
		const last = offset + length - 1;
		return withRetries(file, url, { headers: { Range: `bytes=${offset}-${last}` } }, signal, async (res) => {
			if (res.status === 206) {
				const m = CONTENT_RANGE.exec(res.headers.get('content-range') ?? '');
				// Without a readable Content-Range (a host that does not expose it to this page), the length is the check.
				if (m) {
					const [start, end, total] = [Number(m[1]), Number(m[2]), m[3] === '*' ? null : Number(m[3])];
					if (total !== null) sizes.set(file, total);
					if (start !== offset || end > last) {
						drain(res);
						throw fail('unsupported', file, `${host} answered bytes ${start}–${end} when asked for ${offset}–${last}`);
					}
					if (end < last) {
						drain(res);
						throw truncated(file, total ?? end + 1, last + 1);
					}
				}
				const bytes = await body(res, file, signal);
				if (!(bytes instanceof Uint8Array)) return bytes;
				if (bytes.length === length) return bytes;
				if (bytes.length > length) throw fail('unsupported', file, `${host} sent ${bytes.length} bytes for a range of ${length}`);
				// Short of what its own Content-Range promised is a cut connection; with no header, the file's end.
				if (m) return { retry: `the answer ended after ${bytes.length} of ${length} bytes` };
				throw truncated(file, offset + bytes.length, last + 1);
			}
			if (res.status === 200) {
				const declared = Number(res.headers.get('content-length') ?? NaN);
				// The whole file asked for and sent whole is a right answer; anything else means Range is ignored.
				if (offset === 0 && declared <= length) {
					const bytes = await body(res, file, signal);
					if (!(bytes instanceof Uint8Array)) return bytes;
					if (bytes.length < length) throw truncated(file, bytes.length, length);
					return bytes;
				}
				drain(res);
				throw fail('unsupported', file, `${host} ignores Range requests (it sent the whole file, HTTP 200): the converter needs a host that serves byte ranges`);
			}
			if (res.status === 416) {
				const m = UNSATISFIED.exec(res.headers.get('content-range') ?? '');
				drain(res);
				throw truncated(file, m ? Number(m[1]) : offset, last + 1);
			}
			const e = statusError(res, file, url);
			if (e instanceof ConvertError) throw e;
			return e;
		});
	}

	async function size(file: string, signal?: AbortSignal): Promise<number> {
		const known = sizes.get(file);
		if (known !== undefined) return known;
		const url = fileUrl(base, file);
		const total = await withRetries(file, url, { headers: { Range: 'bytes=0-0' } }, signal, async (res): Promise<Outcome<number | null>> => {
			const range = res.headers.get('content-range') ?? '';
			if (res.status === 206 || res.status === 416) {
				drain(res);
				const m = CONTENT_RANGE.exec(range) ?? UNSATISFIED.exec(range);
				const total = m ? Number(m[m.length - 1]) : NaN;
				return Number.isFinite(total) ? total : null;
			}
			if (res.status === 200) {
				drain(res);
				const n = Number(res.headers.get('content-length') ?? NaN);
				return Number.isFinite(n) ? n : null;
			}
			const e = statusError(res, file, url);
			if (e instanceof ConvertError) throw e;
			return e;
		});
		if (total !== null) {
			sizes.set(file, total);
			return total;
		}
		// A Content-Range this page may not read: HEAD's Content-Length is always readable.
		const n = await withRetries(file, url, { method: 'HEAD' }, signal, async (res) => {
			if (!res.ok) {
				const e = statusError(res, file, url);
				if (e instanceof ConvertError) throw e;
				return e;
			}
			return Number(res.headers.get('content-length') ?? NaN);
		});
		if (!Number.isFinite(n)) throw fail('unsupported', file, `${host} does not say how large the file is (no Content-Range or Content-Length this page can read)`);
		sizes.set(file, n);
		return n;
	}

	return {
		label: opts.label ?? base,
		list: async () => opts.listing ?? null,
		size,
		read
	};
}
