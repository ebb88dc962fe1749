// Opens a source and reads only what describes it: config.json, the index and every safetensors header; or a GGUF
// header; or an MLC folder's JSON files; and the tokenizer. No tensor data is read, so a source that does not fit
// the library is refused before any download. Returns the SourceModel and the byte source to stream it from.
import { openContext, type OpenContext } from './open/context';
import { readGgufSource } from './open/read-gguf';
import { readMlcSource } from './open/read-mlc';
import { readSafetensorsSource } from './open/read-safetensors';
import type { ByteSource } from './sources/byte-source';
import { fileSource } from './sources/file';
import { hfSource, parseHfRef } from './sources/hf';
import { httpSource } from './sources/http';
import { ConvertError, type SourceFormat, type SourceModel, type SourceOrigin } from './types';

export type SourceSpec =
	/** A Hub repository: an id or a huggingface.co URL; `file` picks one GGUF in a repository of several. */
	| { kind: 'hf'; repo: string; revision?: string; file?: string }
	/** A folder URL (safetensors or MLC, told apart by its files) or a GGUF file's URL. */
	| { kind: 'url'; url: string; format?: SourceFormat }
	/** Files picked or dropped in the browser. */
	| { kind: 'files'; files: File[] }
	/** Any byte source (the CLI's files on disk); `file` names the GGUF when there are several. */
	| { kind: 'source'; source: ByteSource; format?: SourceFormat; file?: string };

export interface OpenOptions {
	signal?: AbortSignal;
	/** Hub access token (gated or private repositories). */
	token?: string | null;
	/** The Hub's address (tests point it at a local server). */
	endpoint?: string;
	/** Extra request headers for `url` sources. */
	headers?: Record<string, string>;
	fetch?: typeof fetch;
	retries?: number;
	backoffMs?: number;
	/** First read of a GGUF header. */
	ggufPrefixBytes?: number;
}

export interface OpenedSource {
	model: SourceModel;
	source: ByteSource;
}

type Detected = { format: 'safetensors' | 'mlc' } | { format: 'gguf'; file: string };

export async function openSource(spec: SourceSpec, opts: OpenOptions = {}): Promise<OpenedSource> {
	const http = { fetch: opts.fetch, retries: opts.retries, backoffMs: opts.backoffMs };
	let source: ByteSource;
	let origin: Omit<SourceOrigin, 'metadataFiles'>;
	let wanted: { format?: SourceFormat; file?: string | null } = {};
	if (spec.kind === 'hf') {
		const ref = parseHfRef(spec.repo, opts.endpoint);
		if (spec.revision) ref.revision = spec.revision;
		const hf = await hfSource(ref, { ...http, endpoint: opts.endpoint, token: opts.token, signal: opts.signal });
		source = hf.source;
		origin = { kind: 'hf', location: ref.repo, revision: ref.revision, commit: hf.commit };
		wanted = { file: spec.file ?? ref.path };
	} else if (spec.kind === 'url') {
		const url = new URL(spec.url);
		const isGguf = spec.format === 'gguf' || (!spec.format && /\.gguf$/i.test(url.pathname));
		const base = isGguf ? new URL('.', url).href : url.href.endsWith('/') ? url.href : url.href + '/';
		source = httpSource(base, { ...http, headers: opts.headers, label: spec.url });
		origin = { kind: 'url', location: spec.url, revision: null, commit: null };
		wanted = isGguf ? { format: 'gguf', file: decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)) } : { format: spec.format };
	} else if (spec.kind === 'files') {
		source = fileSource(spec.files);
		origin = { kind: 'files', location: source.label, revision: null, commit: null };
	} else {
		source = spec.source;
		origin = { kind: 'files', location: source.label, revision: null, commit: null };
		wanted = { format: spec.format, file: spec.file };
	}
	const ctx = await openContext(source, opts.signal);
	const found = await detect(ctx, wanted);
	const model =
		found.format === 'gguf'
			? await readGgufSource(ctx, found.file, opts.ggufPrefixBytes)
			: found.format === 'mlc'
				? await readMlcSource(ctx)
				: await readSafetensorsSource(ctx);
	model.origin = { ...origin, metadataFiles: ctx.metadataFiles };
	return { model, source };
}

/** Which format the source holds: from what was asked, else from the listing, else by probing a folder URL. */
async function detect(ctx: OpenContext, wanted: { format?: SourceFormat; file?: string | null }): Promise<Detected> {
	const names = ctx.listing?.map((f) => f.name) ?? null;
	const ggufs = names?.filter((n) => /\.gguf$/i.test(n)) ?? [];
	if (wanted.file && /\.gguf$/i.test(wanted.file)) return { format: 'gguf', file: wanted.file };
	if (wanted.format === 'gguf') {
		if (wanted.file) return { format: 'gguf', file: wanted.file };
		if (ggufs.length === 1) return { format: 'gguf', file: ggufs[0] };
	} else if (wanted.format) return { format: wanted.format };
	if (!names) return { format: (await probeMlc(ctx)) ? 'mlc' : 'safetensors' };
	if (names.includes('mlc-chat-config.json')) return { format: 'mlc' };
	if (names.includes('config.json') && names.some((n) => /\.safetensors(\.index\.json)?$/.test(n))) return { format: 'safetensors' };
	if (ggufs.length === 1) return { format: 'gguf', file: ggufs[0] };
	if (ggufs.length > 1)
		throw new ConvertError('format', `${ctx.source.label} holds ${ggufs.length} GGUF files (${ggufs.join(', ')}): pick one, e.g. by its …/resolve/<revision>/<file> URL`);
	throw new ConvertError(
		'not-found',
		`${ctx.source.label} holds no model the converter reads: it needs config.json with safetensors weights, a .gguf file, or an MLC folder (mlc-chat-config.json)`
	);
}

async function probeMlc(ctx: OpenContext): Promise<boolean> {
	try {
		await ctx.source.size('mlc-chat-config.json', ctx.signal);
		return true;
	} catch (e) {
		if (e instanceof ConvertError && e.kind === 'not-found') return false;
		throw e;
	}
}
