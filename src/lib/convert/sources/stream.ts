// Streams one file front to back: a few reads in flight at once, chunks yielded strictly in order, from any start
// offset (a resume continues at its checkpoint). Breaking out of the loop cancels what is still in flight.
import type { ByteSource } from './byte-source';

export interface StreamOptions {
	/** First byte (default 0): where a resumed conversion left off. */
	start?: number;
	/** End, exclusive (default: the file's size). */
	end?: number;
	/** Bytes per read (default 8 MiB). */
	chunkBytes?: number;
	/** Reads kept in flight (default 4). */
	inFlight?: number;
	signal?: AbortSignal;
}

export interface Chunk {
	offset: number;
	bytes: Uint8Array;
}

export async function* streamFile(source: ByteSource, file: string, opts: StreamOptions = {}): AsyncGenerator<Chunk> {
	const chunk = opts.chunkBytes ?? 8 << 20;
	const inFlight = Math.max(1, opts.inFlight ?? 4);
	const end = opts.end ?? (await source.size(file, opts.signal));
	const own = new AbortController();
	const forward = () => own.abort(opts.signal?.reason);
	if (opts.signal?.aborted) forward();
	opts.signal?.addEventListener('abort', forward, { once: true });
	const queue: { offset: number; bytes: Promise<Uint8Array> }[] = [];
	let next = opts.start ?? 0;
	const launch = () => {
		while (queue.length < inFlight && next < end) {
			const offset = next;
			const bytes = source.read(file, offset, Math.min(chunk, end - offset), own.signal);
			// Reads still queued when the consumer stops or one fails are never awaited: keep them from being unhandled.
			bytes.catch(() => {});
			queue.push({ offset, bytes });
			next = offset + Math.min(chunk, end - offset);
		}
	};
	try {
		launch();
		while (queue.length > 0) {
			const head = queue.shift()!;
			const bytes = await head.bytes;
			launch();
			yield { offset: head.offset, bytes };
		}
	} finally {
		own.abort();
		opts.signal?.removeEventListener('abort', forward);
	}
}
