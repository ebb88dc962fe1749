// A Hugging Face repository as a byte source: the revision is pinned to its commit through the Hub API first (so
// every file comes from one commit, and the listing gives sizes and the publisher's SHA-256s), then files are read
// from `{endpoint}/{repo}/resolve/{commit}/{file}` with Range requests.
import { ConvertError, type SourceFile } from '../types';
import type { ByteSource } from './byte-source';
import { httpSource } from './http';

export const HF_ENDPOINT = 'https://huggingface.co';

export interface HfRef {
	repo: string;
	/** As the user named it: a branch, a tag or a commit ("main" by default). */
	revision: string;
	/** A file inside the repository the URL pointed at (…/resolve/main/model-q4_k_m.gguf), else null. */
	path: string | null;
}

const REPO = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** A repo id ("owner/name") or a Hub URL, with an optional /tree/<rev>, /resolve/<rev>/<file> or /blob/<rev>/<file>. */
export function parseHfRef(input: string, endpoint = HF_ENDPOINT): HfRef {
	const text = input.trim();
	const bad = () =>
		new ConvertError('format', `${JSON.stringify(text)} is not a Hugging Face repository: give owner/name or a huggingface.co/owner/name URL`);
	if (REPO.test(text)) return { repo: text, revision: 'main', path: null };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw bad();
	}
	const hosts = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co', new URL(endpoint).host]);
	if (!hosts.has(url.host)) throw bad();
	const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
	if (parts[0] === 'models') parts.shift();
	const repo = parts.slice(0, 2).join('/');
	if (!REPO.test(repo)) throw bad();
	const [kind, rev, ...rest] = parts.slice(2);
	if (kind === undefined) return { repo, revision: 'main', path: null };
	if (!['tree', 'resolve', 'blob'].includes(kind) || !rev) throw bad();
	return { repo, revision: rev, path: rest.length ? rest.join('/') : null };
}

export interface HfOptions {
	endpoint?: string;
	/** A Hub access token, for gated or private repositories. */
	token?: string | null;
	fetch?: typeof fetch;
	signal?: AbortSignal;
	retries?: number;
	backoffMs?: number;
}

export interface HfListing {
	commit: string;
	files: SourceFile[];
}

const GATED =
	'the repository is gated or private, or the token is wrong. Accept its terms on its Hugging Face page, then paste an access token with read access (huggingface.co/settings/tokens).';

/** The commit a revision names and the files at that commit, from `GET /api/models/{repo}/revision/{rev}?blobs=true`. */
export async function hfRevision(ref: HfRef, opts: HfOptions = {}): Promise<HfListing> {
	const endpoint = (opts.endpoint ?? HF_ENDPOINT).replace(/\/$/, '');
	const what = `${ref.repo} at ${ref.revision}`;
	const url = `${endpoint}/api/models/${ref.repo}/revision/${encodeURIComponent(ref.revision)}?blobs=true`;
	const doFetch = opts.fetch ?? ((i, init) => fetch(i, init));
	let res: Response;
	try {
		res = await doFetch(url, { headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {}, signal: opts.signal, cache: 'no-store' });
	} catch (e) {
		if (opts.signal?.aborted) throw new ConvertError('aborted', `${what}: stopped`);
		throw new ConvertError(
			'network',
			`${what}: no answer from ${new URL(endpoint).host} (${e instanceof Error ? e.message : String(e)}): check the network (and that the Hub is reachable from here), then try again`
		);
	}
	if (res.status === 401 || res.status === 403) throw new ConvertError('auth', `${what}: HTTP ${res.status} from the Hub: ${GATED}`);
	if (res.status === 404)
		throw new ConvertError('not-found', `${what}: no such repository or revision on the Hub (a private repository also answers so without a token): check the name and revision`);
	if (!res.ok) throw new ConvertError('network', `${what}: the Hub answered HTTP ${res.status}: try again later`);
	let raw: unknown;
	try {
		raw = await res.json();
	} catch {
		throw new ConvertError('format', `${what}: the Hub's answer is not JSON`);
	}
	return validateListing(raw, what);
}

function validateListing(raw: unknown, what: string): HfListing {
	const fail = (why: string) => new ConvertError('format', `${what}: the Hub's listing is not as expected (${why})`);
	const o = raw as { sha?: unknown; siblings?: unknown };
	if (!o || typeof o !== 'object' || typeof o.sha !== 'string' || !/^[0-9a-f]{40}$/.test(o.sha)) throw fail('no 40-digit commit sha');
	if (!Array.isArray(o.siblings)) throw fail('no siblings list');
	const files = o.siblings.map((s: unknown, i): SourceFile => {
		const f = s as { rfilename?: unknown; size?: unknown; lfs?: { sha256?: unknown; size?: unknown } | null };
		if (!f || typeof f.rfilename !== 'string' || !f.rfilename) throw fail(`siblings[${i}] has no rfilename`);
		const size = f.lfs?.size ?? f.size;
		if (size !== undefined && !Number.isSafeInteger(size)) throw fail(`${f.rfilename} has size ${JSON.stringify(size)}`);
		const sha = f.lfs?.sha256;
		if (sha !== undefined && (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha))) throw fail(`${f.rfilename} has a malformed lfs.sha256`);
		return { name: f.rfilename, size: (size as number | undefined) ?? null, expectedSha256: (sha as string | undefined) ?? null };
	});
	return { commit: o.sha, files };
}

export interface HfSource {
	source: ByteSource;
	ref: HfRef;
	commit: string;
}

/** Pins the revision, then reads files at that commit. */
export async function hfSource(input: string | HfRef, opts: HfOptions = {}): Promise<HfSource> {
	const endpoint = (opts.endpoint ?? HF_ENDPOINT).replace(/\/$/, '');
	const ref = typeof input === 'string' ? parseHfRef(input, endpoint) : input;
	const { commit, files } = await hfRevision(ref, opts);
	const source = httpSource(`${endpoint}/${ref.repo}/resolve/${commit}/`, {
		label: `${ref.repo}@${commit}`,
		headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
		listing: files,
		fetch: opts.fetch,
		retries: opts.retries,
		backoffMs: opts.backoffMs,
		authHint: GATED
	});
	return { source, ref, commit };
}
