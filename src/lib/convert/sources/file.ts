// Files the user picked (a folder picker or a file input) or dropped, as a byte source: `File.slice` reads any range
// without loading the file. Files are matched by their path inside the picked folder, or by name.
import { ConvertError, type SourceFile } from '../types';
import { abortedError, type ByteSource } from './byte-source';

/** The name a file goes by in the source: its path under the picked folder (webkitRelativePath minus the folder). */
export function pickedName(file: File): string {
	const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
	return rel && rel.includes('/') ? rel.slice(rel.indexOf('/') + 1) : file.name;
}

export function fileSource(files: Iterable<File>, label?: string): ByteSource {
	const byName = new Map<string, File>();
	for (const f of files) if (!byName.has(pickedName(f))) byName.set(pickedName(f), f);
	// A file at a deeper path is also found by its bare name, when that name is unique.
	const byBase = new Map<string, File | null>();
	for (const [name, f] of byName) {
		const base = name.slice(name.lastIndexOf('/') + 1);
		byBase.set(base, byBase.has(base) ? null : f);
	}
	const find = (name: string): File => {
		const f = byName.get(name) ?? byBase.get(name);
		if (!f) throw new ConvertError('not-found', `${name}: not among the picked files; pick the folder that holds it, or drop it with the others`, name);
		return f;
	};
	const listing: SourceFile[] = [...byName].map(([name, f]) => ({ name, size: f.size, expectedSha256: null }));
	return {
		label: label ?? `${byName.size} local file${byName.size === 1 ? '' : 's'}`,
		list: async () => listing,
		size: async (name) => find(name).size,
		async read(name, offset, length, signal) {
			const f = find(name);
			if (signal?.aborted) throw abortedError(name);
			if (offset + length > f.size)
				throw new ConvertError('truncated', `${name}: the file has ${f.size} bytes but bytes up to ${offset + length} were expected: it is incomplete; download it again`, name);
			let buf: ArrayBuffer;
			try {
				buf = await f.slice(offset, offset + length).arrayBuffer();
			} catch (e) {
				throw new ConvertError('not-found', `${name}: could not be read (${e instanceof Error ? e.name : String(e)}): it was moved or changed since it was picked; pick it again`, name);
			}
			if (signal?.aborted) throw abortedError(name);
			return new Uint8Array(buf);
		}
	};
}
