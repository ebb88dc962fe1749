// A model library given as a path or an http(s) URL: its bytes, and where it came from.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface LibrarySource {
	/** The absolute path or the URL as given. */
	location: string;
	bytes: Uint8Array;
	sha256: string;
	/** The file name, e.g. Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm. */
	fileName: string;
}

export async function readLibrary(pathOrUrl: string): Promise<LibrarySource> {
	let bytes: Uint8Array;
	let location: string;
	if (/^https?:\/\//i.test(pathOrUrl)) {
		const res = await fetch(pathOrUrl);
		if (!res.ok) throw new Error(`fetching the model library ${pathOrUrl} failed: HTTP ${res.status}`);
		bytes = new Uint8Array(await res.arrayBuffer());
		location = pathOrUrl;
	} else {
		location = resolve(pathOrUrl.replace(/^file:\/\//, ''));
		bytes = new Uint8Array(await readFile(location));
	}
	const fileName = decodeURIComponent(location.split(/[\\/]/).pop()?.split('?')[0] || 'model-lib.wasm');
	return { location, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), fileName };
}
