// Where a source's bytes come from: HTTP Range requests (a Hugging Face repo, any folder URL, a GGUF URL), files the
// user picked or dropped, or files on disk in the CLI. Everything above this reads through the same three calls.
import { ConvertError, type SourceFile } from '../types';

export interface ByteSource {
	/** For messages and provenance: a URL, "owner/name@commit", "3 local files". */
	readonly label: string;
	/** Files known without asking the host (the Hub's listing, picked files, a folder on disk); null where there is
	 * none (a plain folder URL). */
	list(signal?: AbortSignal): Promise<SourceFile[] | null>;
	/** The file's size; a ConvertError of kind 'not-found' when it is not there. */
	size(file: string, signal?: AbortSignal): Promise<number>;
	/** Exactly `length` bytes from `offset`: a ConvertError of kind 'truncated' when the file ends first. */
	read(file: string, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/** A whole (small) file. */
export async function readAll(source: ByteSource, file: string, signal?: AbortSignal): Promise<Uint8Array> {
	return source.read(file, 0, await source.size(file, signal), signal);
}

/** Whether the file is there: from the listing when there is one, else by asking for its size. */
export async function exists(source: ByteSource, file: string, signal?: AbortSignal): Promise<boolean> {
	const listing = await source.list(signal);
	if (listing) return listing.some((f) => f.name === file);
	try {
		await source.size(file, signal);
		return true;
	} catch (e) {
		if (e instanceof ConvertError && e.kind === 'not-found') return false;
		throw e;
	}
}

export function abortedError(file?: string): ConvertError {
	return new ConvertError('aborted', file ? `${file}: stopped` : 'stopped', file);
}

/** Rejects with 'aborted' as soon as the signal fires: for waits that have no signal of their own. */
export function throwIfAborted(signal: AbortSignal | undefined, file?: string): void {
	if (signal?.aborted) throw abortedError(file);
}

/** Sleeps, or rejects with 'aborted' when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal, file?: string): Promise<void> {
	return new Promise((ok, fail) => {
		if (signal?.aborted) return fail(abortedError(file));
		const done = () => {
			signal?.removeEventListener('abort', stop);
			ok();
		};
		const timer = setTimeout(done, ms);
		const stop = () => {
			clearTimeout(timer);
			fail(abortedError(file));
		};
		signal?.addEventListener('abort', stop, { once: true });
	});
}
