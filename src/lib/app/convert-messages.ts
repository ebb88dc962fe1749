// What the Models page says about a conversion: an error's headline and what the page can offer next (resume, a
// token, the same files again), the progress line, and a stored conversion's status. The worker words each error
// (the file and what to do); the page shows that message whole and adds only a headline. Pure.
import { formatDuration, type ConvertProgress } from '$lib/convert/run/progress';
import type { ConversionState } from '$lib/convert/run/state';
import { ConvertError, type ConvertErrorKind } from '$lib/convert/types';
import { formatBytes, formatBytesOf } from '$lib/util/bytes';
import { isObject, isString } from '$lib/util/guards';

const TITLES: Record<ConvertErrorKind, string> = {
	'not-found': 'Not found',
	auth: 'Access refused',
	cors: 'The host refused this page',
	network: 'The connection dropped',
	truncated: 'A file ended early',
	format: 'Not a model the converter reads',
	dtype: 'An element type the converter does not read',
	mismatch: 'This source does not fit the model library',
	'missing-tensor': 'A tensor is missing',
	checksum: 'A file is corrupted',
	quota: 'Not enough storage',
	aborted: 'Stopped',
	'device-lost': 'The GPU went away',
	unsupported: 'Not supported'
};

const KINDS = new Set(Object.keys(TITLES));

export interface ErrorView {
	kind: ConvertErrorKind;
	title: string;
	/** The worker's message, whole: it names the file and what to do. */
	message: string;
	file: string | null;
	/** The same conversion can continue where it stopped. */
	resumable: boolean;
	/** A Hub token would help (a gated or private repository). */
	askToken: boolean;
}

/** Any error (a ConvertError from the worker, a stored lastError, anything else) as the page shows it. */
export function errorView(e: unknown): ErrorView {
	const ce = e instanceof ConvertError ? e : asConvertError(e);
	return { kind: ce.kind, title: TITLES[ce.kind], message: ce.message, file: ce.file ?? null, resumable: ce.resumable, askToken: ce.kind === 'auth' };
}

/** A stored `{kind, message, file}` (never trusted: it came out of storage) or any other error. */
function asConvertError(e: unknown): ConvertError {
	if (isObject(e) && isString(e.kind) && KINDS.has(e.kind) && isString(e.message))
		return new ConvertError(e.kind as ConvertErrorKind, e.message, isString(e.file) ? e.file : undefined);
	return new ConvertError('format', e instanceof Error ? e.message : isObject(e) && isString(e.message) ? e.message : String(e));
}

/** "1.20 of 29.00 GB · 85.0 MB/s · about 5 min 40 s left · converting model-00002-of-00006.safetensors · shard 12 of 130". */
export function progressLine(p: ConvertProgress): string {
	const parts = [formatBytesOf(p.doneBytes, p.totalBytes, { decimal: true, digits: 2 })];
	if (p.bytesPerS) parts.push(`${formatBytes(p.bytesPerS, { decimal: true })}/s`);
	if (p.etaS !== null && p.stage === 'converting') parts.push(`about ${formatDuration(p.etaS)} left`);
	parts.push(p.file && p.stage === 'converting' ? `${p.stage} ${p.file}` : p.stage);
	parts.push(`shard ${p.shardsDone} of ${p.shardsTotal} written`);
	return parts.join(' · ');
}

export function progressFraction(p: ConvertProgress): number {
	return p.totalBytes > 0 ? Math.min(1, p.doneBytes / p.totalBytes) : 0;
}

export interface StoredConversionView {
	/** One or two words: "interrupted", "paused", "failed". */
	word: string;
	detail: string;
	resumable: boolean;
	/** Picked files cannot be stored: they must be picked again to resume. */
	needsFiles: string[] | null;
	/** The repository is gated: a token must be given again (tokens are never stored). */
	needsToken: boolean;
	error: ErrorView | null;
}

/** A conversion from the store, when none runs on this page: a "running" one was cut off by a reload or a crash. */
export function storedConversionView(s: ConversionState): StoredConversionView {
	const error = s.lastError ? errorView(s.lastError) : null;
	const done = `${s.doneShards.length} of ${s.shardsTotal} shards written, ${formatBytes(s.readBytes, { decimal: true })} of the source read`;
	const src = s.request.source;
	const needsFiles = src.kind === 'files' ? src.names : null;
	const needsToken = src.kind === 'hf' && src.gated;
	if (s.status === 'running') return { word: 'interrupted', detail: `${done}; the page was closed before it finished`, resumable: true, needsFiles, needsToken, error };
	if (s.status === 'paused') return { word: 'paused', detail: done, resumable: error?.resumable ?? true, needsFiles, needsToken, error };
	return { word: 'failed', detail: done, resumable: false, needsFiles, needsToken, error };
}

/** Picked files for a resume must be the ones picked before, by name and size. */
export function pickedFilesProblem(wanted: { names: string[]; sizes: number[] }, picked: readonly { name: string; size: number }[]): string | null {
	const byName = new Map(picked.map((f) => [f.name, f.size]));
	const missing = wanted.names.filter((n) => !byName.has(n));
	if (missing.length) return `Pick the same files as before: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`;
	const changed = wanted.names.filter((n, i) => wanted.sizes[i] && byName.get(n) !== wanted.sizes[i]);
	if (changed.length) return `${changed.join(', ')} changed size since the conversion started: pick the files it started from, or delete it and start again.`;
	return null;
}
