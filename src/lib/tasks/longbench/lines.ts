// Lines of a UTF-8 text stream, read chunk by chunk so that a 500 MB JSONL file never sits in memory whole.
// Only one line (one row) is held at a time; an over-long line is skipped without being kept.
import { firstInvalidUtf8, incompleteTail } from './utf8';

/** What a Node file stream, a `File.stream()` or a `fetch` body gives. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export type ImportErrorKind = 'not-utf8' | 'unknown-dataset' | 'read-failed' | 'aborted' | 'no-rows';

/** A fatal import error: nothing of the file is used. */
export class LongbenchImportError extends Error {
	constructor(
		readonly kind: ImportErrorKind,
		message: string
	) {
		super(message);
		this.name = 'LongbenchImportError';
	}
}

export type Line = { lineNo: number; text: string } | { lineNo: number; tooLongChars: number };

export interface LineOptions {
	/** Lines longer than this are skipped and reported (default 64 Mi characters). */
	maxLineChars?: number;
	signal?: AbortSignal;
}

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
	if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
		const reader = (source as ReadableStream<Uint8Array>).getReader();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				yield value;
			}
		} finally {
			await reader.cancel().catch(() => undefined);
			reader.releaseLock();
		}
	} else {
		yield* source as AsyncIterable<Uint8Array>;
	}
}

function countNewlines(bytes: Uint8Array, end: number): number {
	let n = 0;
	for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
	return n;
}

function notUtf8(offset: number, line: number): LongbenchImportError {
	return new LongbenchImportError(
		'not-utf8',
		`The file is not UTF-8 text: invalid byte sequence at byte ${offset} (line ${line}). ` +
			'LongBench files are UTF-8 JSONL; re-save or re-download the file. Nothing was imported.'
	);
}

/** Yields every line (without its "\n" or "\r\n"), numbered from 1. Throws LongbenchImportError when fatal. */
export async function* readLines(source: ByteSource, opts: LineOptions = {}): AsyncGenerator<Line> {
	const maxChars = opts.maxLineChars ?? 64 * 1024 * 1024;
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let parts: string[] = [];
	let partChars = 0;
	let skipping = 0; // chars of an over-long line dropped so far (0 = not skipping)
	let lineNo = 1;
	let consumed = 0; // bytes decoded before the current chunk
	let tail: Uint8Array = new Uint8Array(0); // trailing bytes of the previous chunk the decoder still holds

	function* take(text: string): Generator<Line> {
		let start = 0;
		for (;;) {
			const nl = text.indexOf('\n', start);
			const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
			if (skipping > 0) skipping += piece.length;
			else if (partChars + piece.length > maxChars) {
				skipping = partChars + piece.length;
				parts = [];
				partChars = 0;
			} else if (piece.length > 0) {
				parts.push(piece);
				partChars += piece.length;
			}
			if (nl < 0) return;
			if (skipping > 0) yield { lineNo, tooLongChars: skipping };
			else {
				const line = parts.join('');
				yield { lineNo, text: line.endsWith('\r') ? line.slice(0, -1) : line };
			}
			parts = [];
			partChars = 0;
			skipping = 0;
			lineNo++;
			start = nl + 1;
		}
	}

	try {
		for await (const chunk of chunksOf(source)) {
			if (opts.signal?.aborted) throw new LongbenchImportError('aborted', 'Import cancelled. Nothing was imported.');
			let text: string;
			try {
				text = decoder.decode(chunk, { stream: true });
			} catch {
				const joined = new Uint8Array(tail.length + chunk.length);
				joined.set(tail);
				joined.set(chunk, tail.length);
				const at = Math.max(0, firstInvalidUtf8(joined));
				throw notUtf8(consumed - tail.length + at, lineNo + countNewlines(joined, at));
			}
			yield* take(text);
			consumed += chunk.length;
			const keep = incompleteTail(chunk);
			// copied: a Node Buffer's slice is a view into memory the stream may reuse
			tail = keep === chunk.length ? concat(tail, chunk) : new Uint8Array(chunk.subarray(chunk.length - keep));
		}
		let rest: string;
		try {
			rest = decoder.decode();
		} catch {
			throw notUtf8(consumed - tail.length, lineNo);
		}
		yield* take(rest + '\n');
	} catch (e) {
		if (e instanceof LongbenchImportError) throw e;
		const why = e instanceof Error ? e.message : String(e);
		throw new LongbenchImportError('read-failed', `Reading the file failed at line ${lineNo}: ${why}. Nothing was imported.`);
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out.slice(Math.max(0, out.length - 3));
}
