// Files on disk as a byte source, for the CLI: a folder (every file under it, by its path inside) or single files
// (by their base names, e.g. one GGUF). Reads open, read and close: no handle outlives a call.
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ByteSource } from '../../src/lib/convert/sources/byte-source';
import { abortedError } from '../../src/lib/convert/sources/byte-source';
import { ConvertError, type SourceFile } from '../../src/lib/convert/types';

async function walk(dir: string, prefix = ''): Promise<string[]> {
	const out: string[] = [];
	for (const e of await readdir(dir, { withFileTypes: true })) {
		if (e.name.startsWith('.')) continue;
		const rel = prefix ? `${prefix}/${e.name}` : e.name;
		if (e.isDirectory()) out.push(...(await walk(join(dir, e.name), rel)));
		else if (e.isFile()) out.push(rel);
	}
	return out.sort();
}

function fsSource(paths: Map<string, string>, label: string): ByteSource {
	const listing = async (): Promise<SourceFile[]> =>
		Promise.all([...paths].map(async ([name, p]) => ({ name, size: (await stat(p)).size, expectedSha256: null })));
	const pathOf = (name: string): string => {
		const p = paths.get(name);
		if (!p) throw new ConvertError('not-found', `${name}: not in ${label}`, name);
		return p;
	};
	const size = async (name: string): Promise<number> => {
		try {
			return (await stat(pathOf(name))).size;
		} catch (e) {
			if (e instanceof ConvertError) throw e;
			throw new ConvertError('not-found', `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, name);
		}
	};
	return {
		label,
		list: listing,
		size,
		async read(name, offset, length, signal) {
			if (signal?.aborted) throw abortedError(name);
			const have = await size(name);
			if (offset + length > have)
				throw new ConvertError('truncated', `${name}: the file has ${have} bytes but bytes up to ${offset + length} were expected: download it again`, name);
			const fh = await open(pathOf(name), 'r');
			try {
				const out = new Uint8Array(length);
				let done = 0;
				while (done < length) {
					const { bytesRead } = await fh.read(out, done, length - done, offset + done);
					if (bytesRead === 0) throw new ConvertError('truncated', `${name}: the file ended while it was read (it changed on disk)`, name);
					done += bytesRead;
				}
				return out;
			} finally {
				await fh.close();
			}
		}
	};
}

/** Every file under `dir`, named by its path inside it. */
export async function fsFolderSource(dir: string): Promise<ByteSource> {
	const root = resolve(dir);
	const names = await walk(root).catch((e: NodeJS.ErrnoException) => {
		throw new ConvertError('not-found', `${dir}: cannot list the folder (${e.code ?? e.message})`);
	});
	return fsSource(new Map(names.map((n) => [n, join(root, ...n.split('/'))])), root);
}

/** The given files, named by their base names. */
export function fsFilesSource(files: string[]): ByteSource {
	return fsSource(new Map(files.map((f) => [basename(f), resolve(f)])), files.length === 1 ? resolve(files[0]) : `${files.length} files`);
}
