import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hfRevision, hfSource, parseHfRef } from '$lib/convert/sources/hf';
import { fileSource } from '$lib/convert/sources/file';
import { httpSource } from '$lib/convert/sources/http';
import { ConvertError } from '$lib/convert/types';
import { fsFilesSource, fsFolderSource } from '../../cli/convert/fs-source';
import { startHfServer, type HfServer } from '../helpers/hf-server';
import { failureOf as failure } from '../helpers/convert/failure';

let root: string;
let server: HfServer;
let gated: HfServer;
const WEIGHTS = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13) & 0xff);


beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'hf-repo-'));
	await mkdir(join(root, 'In2Training', 'FILM-7B', 'sub'), { recursive: true });
	await writeFile(join(root, 'In2Training', 'FILM-7B', 'config.json'), '{}');
	await writeFile(join(root, 'In2Training', 'FILM-7B', 'model.safetensors'), WEIGHTS);
	await writeFile(join(root, 'In2Training', 'FILM-7B', 'sub', 'notes.txt'), 'x');
	server = await startHfServer({ root });
	gated = await startHfServer({ root, token: 'hf_secret' });
});
afterAll(async () => {
	await server.close();
	await gated.close();
	await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
	server.requests.length = 0;
});

describe('Hugging Face references', () => {
	it('takes a repo id or a Hub URL with /tree, /resolve or /blob and a revision', () => {
		expect(parseHfRef('In2Training/FILM-7B')).toEqual({ repo: 'In2Training/FILM-7B', revision: 'main', path: null });
		expect(parseHfRef('https://huggingface.co/In2Training/FILM-7B')).toEqual({ repo: 'In2Training/FILM-7B', revision: 'main', path: null });
		expect(parseHfRef('https://huggingface.co/In2Training/FILM-7B/tree/v1.0')).toMatchObject({ revision: 'v1.0', path: null });
		expect(parseHfRef('https://huggingface.co/TheBloke/FILM-7B-GGUF/resolve/main/film-7b.Q4_K_M.gguf?download=true')).toEqual({
			repo: 'TheBloke/FILM-7B-GGUF',
			revision: 'main',
			path: 'film-7b.Q4_K_M.gguf'
		});
		expect(parseHfRef('https://huggingface.co/a/b/tree/refs%2Fpr%2F3')).toMatchObject({ revision: 'refs/pr/3' });
		expect(parseHfRef('http://127.0.0.1:9/a/b/blob/abc/x/y.json', 'http://127.0.0.1:9')).toEqual({ repo: 'a/b', revision: 'abc', path: 'x/y.json' });
	});

	it('refuses what is not a repository, saying what to give', () => {
		for (const bad of ['FILM-7B', 'https://example.com/a/b', 'https://huggingface.co/a', 'https://huggingface.co/a/b/commits/main', ''])
			expect(() => parseHfRef(bad), bad).toThrow(/is not a Hugging Face repository: give owner\/name or a huggingface.co\/owner\/name URL/);
	});
});

describe('the Hub API', () => {
	it('pins the revision to its commit and lists every file with size, and the LFS SHA-256 where there is one', async () => {
		const listing = await hfRevision({ repo: 'In2Training/FILM-7B', revision: 'main', path: null }, { endpoint: server.url });
		expect(listing.commit).toBe(await server.commitOf('In2Training/FILM-7B'));
		expect(listing.files).toEqual([
			{ name: 'config.json', size: 2, expectedSha256: null },
			{ name: 'model.safetensors', size: 5000, expectedSha256: createHash('sha256').update(WEIGHTS).digest('hex') },
			{ name: 'sub/notes.txt', size: 1, expectedSha256: null }
		]);
		expect(server.requests[0].path).toBe('/api/models/In2Training/FILM-7B/revision/main');
	});

	it('reads files at the pinned commit, never at the branch name', async () => {
		const { source, commit } = await hfSource('In2Training/FILM-7B', { endpoint: server.url });
		expect(source.label).toBe(`In2Training/FILM-7B@${commit}`);
		expect(await source.read('model.safetensors', 100, 10)).toEqual(WEIGHTS.subarray(100, 110));
		expect(await source.read('sub/notes.txt', 0, 1)).toEqual(new TextEncoder().encode('x'));
		expect(await source.list()).toHaveLength(3);
		const paths = server.requests.map((r) => r.path);
		expect(paths.slice(1)).toEqual([`/In2Training/FILM-7B/resolve/${commit}/model.safetensors`, `/In2Training/FILM-7B/resolve/${commit}/sub/notes.txt`]);
		// Sizes come from the listing: the API call and the two reads are all the requests.
		expect(await source.size('model.safetensors')).toBe(5000);
		expect(server.requests).toHaveLength(3);
	});

	it('an unknown repository or revision is not-found; a gated one without a token is auth, about tokens', async () => {
		expect((await failure(hfSource('In2Training/nope', { endpoint: server.url }))).kind).toBe('not-found');
		expect((await failure(hfSource('https://huggingface.co/In2Training/FILM-7B/tree/v9', { endpoint: server.url }))).message).toMatch(
			/In2Training\/FILM-7B at v9: no such repository or revision/
		);
		const e = await failure(hfSource('In2Training/FILM-7B', { endpoint: gated.url }));
		expect([e.kind, e.message]).toEqual(['auth', expect.stringMatching(/HTTP 401 .*gated or private.*access token/)]);
		expect((await failure(hfSource('In2Training/FILM-7B', { endpoint: gated.url, token: 'wrong' }))).message).toMatch(/HTTP 403/);
		const { source } = await hfSource('In2Training/FILM-7B', { endpoint: gated.url, token: 'hf_secret' });
		expect(await source.read('model.safetensors', 0, 4)).toEqual(WEIGHTS.subarray(0, 4));
	});

	it('a file read refused by the host is an auth error naming the file', async () => {
		const bare = httpSource(`${gated.url}/In2Training/FILM-7B/resolve/main/`, { authHint: 'paste a token' });
		const e = await failure(bare.read('model.safetensors', 0, 4));
		expect([e.kind, e.file, e.message]).toEqual(['auth', 'model.safetensors', expect.stringMatching(/^model.safetensors: HTTP 401 from 127.0.0.1:\d+: paste a token$/)]);
	});
});

describe('local files', () => {
	it('picked files are read by range and matched by their path in the picked folder, or by name', async () => {
		const picked = [new File([WEIGHTS], 'model.safetensors'), new File(['{}'], 'config.json')];
		Object.defineProperty(picked[0], 'webkitRelativePath', { value: 'FILM-7B/weights/model.safetensors' });
		const s = fileSource(picked);
		expect(await s.list()).toEqual([
			{ name: 'weights/model.safetensors', size: 5000, expectedSha256: null },
			{ name: 'config.json', size: 2, expectedSha256: null }
		]);
		expect(await s.read('weights/model.safetensors', 4990, 10)).toEqual(WEIGHTS.subarray(4990));
		expect(await s.read('model.safetensors', 0, 3)).toEqual(WEIGHTS.subarray(0, 3));
		expect((await failure(s.read('config.json', 1, 5))).kind).toBe('truncated');
		expect((await failure(s.size('tokenizer.json'))).message).toMatch(/not among the picked files/);
	});

	it('files on disk: a folder by relative paths, or single files by name', async () => {
		const folder = await fsFolderSource(join(root, 'In2Training', 'FILM-7B'));
		expect((await folder.list())!.map((f) => [f.name, f.size])).toEqual([
			['config.json', 2],
			['model.safetensors', 5000],
			['sub/notes.txt', 1]
		]);
		expect(await folder.read('model.safetensors', 10, 5)).toEqual(WEIGHTS.subarray(10, 15));
		expect((await failure(folder.read('model.safetensors', 4999, 5))).kind).toBe('truncated');
		expect((await failure(folder.size('missing.json'))).kind).toBe('not-found');
		const one = fsFilesSource([join(root, 'In2Training', 'FILM-7B', 'model.safetensors')]);
		expect(await one.read('model.safetensors', 0, 2)).toEqual(WEIGHTS.subarray(0, 2));
	});
});
