// Dropped model folders: every file under a dropped directory (read in the batches readEntries hands out, hidden
// files left out), dropped files as they are, and dataTransfer.files where a browser gives no entries.
import { describe, expect, it } from 'vitest';
import { droppedFiles } from '$lib/app/dropped-files';

type Entry = { isFile: boolean; isDirectory: boolean; name: string; file?: (ok: (f: File) => void) => void; createReader?: () => { readEntries(ok: (e: Entry[]) => void): void } };

const fileEntry = (name: string): Entry => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File([name], name)) });
function dirEntry(name: string, children: Entry[], batch = 2): Entry {
	return {
		isFile: false,
		isDirectory: true,
		name,
		createReader() {
			let at = 0;
			return { readEntries: (ok) => ok(children.slice(at, (at += batch))) };
		}
	};
}
const item = (e: Entry | null, file: File | null = null) => ({ kind: 'file', webkitGetAsEntry: () => e as never, getAsFile: () => file });

describe('droppedFiles', () => {
	it('walks a dropped folder, subfolders included, in as many readEntries calls as it takes', async () => {
		const folder = dirEntry('FILM-7B', [fileEntry('config.json'), fileEntry('.DS_Store'), fileEntry('model-00001-of-00002.safetensors'), dirEntry('sub', [fileEntry('tokenizer.model')]), fileEntry('model.safetensors.index.json')]);
		const files = await droppedFiles({ items: [item(folder)] });
		expect(files.map((f) => f.name).sort()).toEqual(['config.json', 'model-00001-of-00002.safetensors', 'model.safetensors.index.json', 'tokenizer.model']);
	});

	it('takes dropped files as they are, and falls back to dataTransfer.files without entries', async () => {
		expect((await droppedFiles({ items: [item(fileEntry('a.gguf')), item(fileEntry('b.json'))] })).map((f) => f.name)).toEqual(['a.gguf', 'b.json']);
		const plain = [new File(['x'], 'model.gguf')];
		expect(await droppedFiles({ items: [item(null, plain[0])], files: plain })).toEqual(plain);
		expect(await droppedFiles({ files: plain })).toEqual(plain);
	});
});
