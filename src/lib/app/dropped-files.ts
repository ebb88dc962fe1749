// Files dropped on the page, folders included: a dropped folder arrives as a directory entry whose files are read
// through the (non-standard but universal) FileSystemEntry API; a plain drop, or a browser without entries, gives
// `dataTransfer.files`. Every file keeps its own name: the converter matches a source's files by name.

interface EntryLike {
	isFile: boolean;
	isDirectory: boolean;
	name: string;
	file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
	createReader?(): { readEntries(ok: (entries: EntryLike[]) => void, fail: (e: unknown) => void): void };
}

interface ItemLike {
	kind: string;
	webkitGetAsEntry?(): EntryLike | null;
	getAsFile(): File | null;
}

export interface DropLike {
	items?: ArrayLike<ItemLike>;
	files?: ArrayLike<File>;
}

async function readDir(dir: EntryLike): Promise<EntryLike[]> {
	const reader = dir.createReader!();
	const all: EntryLike[] = [];
	// readEntries hands out at most about 100 entries a call: call until it returns none.
	for (;;) {
		const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
		if (!batch.length) return all;
		all.push(...batch);
	}
}

export async function filesOfEntry(entry: EntryLike): Promise<File[]> {
	if (entry.isFile && entry.file) return [await new Promise<File>((ok, fail) => entry.file!(ok, fail))];
	if (!entry.isDirectory || !entry.createReader) return [];
	const out: File[] = [];
	for (const child of await readDir(entry)) if (!child.name.startsWith('.')) out.push(...(await filesOfEntry(child)));
	return out;
}

export async function droppedFiles(dt: DropLike): Promise<File[]> {
	const entries = Array.from(dt.items ?? [])
		.filter((i) => i.kind === 'file')
		.map((i) => i.webkitGetAsEntry?.() ?? null);
	if (entries.length && entries.every((e) => e !== null)) return (await Promise.all(entries.map((e) => filesOfEntry(e!)))).flat();
	return Array.from(dt.files ?? []);
}
