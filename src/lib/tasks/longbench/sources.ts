// Byte sources for the importer in the browser: a picked or dropped File, or a URL the user gives.
// (Node passes `fs.createReadStream(path)`, already an async iterable of Uint8Array.)
import { LongbenchImportError, type ByteSource } from './lines';

export function fileSource(file: Blob): ByteSource {
	return file.stream();
}

/** Streams a URL's body; HTTP and network failures become clear, fatal import errors. */
export async function urlSource(url: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<ByteSource> {
	let res: Response;
	try {
		res = await fetchFn(url, { signal });
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		throw new LongbenchImportError(
			'read-failed',
			`Could not fetch ${url}: ${why}. If the host allows no cross-origin reads (CORS), download the file and pick it instead.`
		);
	}
	if (!res.ok) throw new LongbenchImportError('read-failed', `Fetching ${url} answered HTTP ${res.status} ${res.statusText}.`);
	if (!res.body) throw new LongbenchImportError('read-failed', `Fetching ${url} gave no body.`);
	return res.body;
}
