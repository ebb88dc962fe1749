// What every format reader gets: the byte source, its listing (if any), and a record of the small files read whole,
// each hashed, for the model's provenance.
import { sha256Hex } from '../hash/sha256';
import { exists, readAll, type ByteSource } from '../sources/byte-source';
import { utf8 } from '../formats/checks';
import type { SourceFile, SourceOrigin } from '../types';

export interface OpenContext {
	source: ByteSource;
	listing: SourceFile[] | null;
	signal?: AbortSignal;
	metadataFiles: SourceOrigin['metadataFiles'];
}

export async function openContext(source: ByteSource, signal?: AbortSignal): Promise<OpenContext> {
	return { source, listing: await source.list(signal), signal, metadataFiles: [] };
}

/** A small file read whole (config, index, tokenizer), recorded with its SHA-256. */
export async function readWhole(ctx: OpenContext, name: string): Promise<Uint8Array> {
	const bytes = await readAll(ctx.source, name, ctx.signal);
	ctx.metadataFiles.push({ name, size: bytes.length, sha256: sha256Hex(bytes) });
	return bytes;
}

export async function readText(ctx: OpenContext, name: string): Promise<string> {
	return utf8(await readWhole(ctx, name), name);
}

export function has(ctx: OpenContext, name: string): Promise<boolean> {
	return exists(ctx.source, name, ctx.signal);
}

/** The data file as the source lists it (size, the publisher's SHA-256), else asked for its size. */
export async function dataFile(ctx: OpenContext, name: string): Promise<SourceFile> {
	const listed = ctx.listing?.find((f) => f.name === name);
	const size = listed?.size ?? (await ctx.source.size(name, ctx.signal));
	return { name, size, expectedSha256: listed?.expectedSha256 ?? null };
}

/** Runs `fn` over items with at most `limit` at once, results in order. */
export async function inParallel<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return out;
}
