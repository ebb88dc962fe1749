import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sha256 } from '$lib/convert/hash/sha256';
import { readAll } from '$lib/convert/sources/byte-source';
import { httpSource } from '$lib/convert/sources/http';
import { streamFile, type Chunk } from '$lib/convert/sources/stream';
import { ConvertError } from '$lib/convert/types';
import { createRng } from '$lib/engines/webllm/synthetic/rng';
import { firstDifference } from '../helpers/convert/bytes';
import { startHfServer, type HfServer } from '../helpers/hf-server';
import { failureOf as failure } from '../helpers/convert/failure';

const SIZE = (1 << 20) + 17;
const DATA = (() => {
	const rng = createRng(5, 'http-source');
	return Uint8Array.from({ length: SIZE }, () => rng.u32() & 0xff);
})();

let root: string;
let server: HfServer;
const base = () => `${server.url}/plain/`;
const src = (opts: Parameters<typeof httpSource>[1] = {}) => httpSource(base(), { backoffMs: 1, ...opts });


async function collect(stream: AsyncIterable<Chunk>): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	let expected = -1;
	for await (const c of stream) {
		if (expected >= 0) expect(c.offset).toBe(expected);
		expected = c.offset + c.bytes.length;
		parts.push(c.bytes);
	}
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) out.set(p, (at += p.length) - p.length);
	return out;
}

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'hf-http-'));
	await mkdir(join(root, 'plain'), { recursive: true });
	await writeFile(join(root, 'plain', 'data.bin'), DATA);
	await writeFile(join(root, 'plain', 'config.json'), '{"a": 1}');
	server = await startHfServer({ root });
});
afterAll(async () => {
	await server.close();
	await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
	server.faults = {};
	server.requests.length = 0;
});

describe('HTTP source', () => {
	it('reads exact ranges with Range requests answered 206, and learns the size from Content-Range', async () => {
		const s = src();
		expect(await s.size('data.bin')).toBe(SIZE);
		expect(await s.read('data.bin', 1000, 4096)).toEqual(DATA.subarray(1000, 5096));
		expect(await s.read('data.bin', SIZE - 5, 5)).toEqual(DATA.subarray(SIZE - 5));
		expect(server.requests.map((r) => [r.path, r.range, r.status])).toEqual([
			['/plain/data.bin', 'bytes=0-0', 206],
			['/plain/data.bin', 'bytes=1000-5095', 206],
			['/plain/data.bin', `bytes=${SIZE - 5}-${SIZE - 1}`, 206]
		]);
		expect(new TextDecoder().decode(await readAll(s, 'config.json'))).toBe('{"a": 1}');
	});

	it('a 404 is not-found naming the file and the URL', async () => {
		server.faults.notFound = ['data.bin'];
		const e = await failure(src().read('data.bin', 0, 10));
		expect([e.kind, e.file]).toEqual(['not-found', 'data.bin']);
		expect(e.message).toContain(`${base()}data.bin (HTTP 404)`);
		expect((await failure(src().size('nothing.json'))).kind).toBe('not-found');
	});

	it('a host that ignores Range is unsupported, yet a whole small file still reads', async () => {
		server.faults.ignoreRange = true;
		const e = await failure(src().read('data.bin', 10, 100));
		expect([e.kind, e.message]).toEqual(['unsupported', expect.stringMatching(/ignores Range requests/)]);
		expect(new TextDecoder().decode(await src().read('config.json', 0, 8))).toBe('{"a": 1}');
		expect(server.requests.map((r) => r.status)).toEqual([200, 200]);
	});

	it('a file cut short is truncated: the size says so, and a read past the end fails', async () => {
		server.faults.truncate = { 'data.bin': 5000 };
		const s = src();
		expect(await s.size('data.bin')).toBe(5000);
		expect(await s.read('data.bin', 4000, 1000)).toEqual(DATA.subarray(4000, 5000));
		const e = await failure(s.read('data.bin', 4000, 2000));
		expect([e.kind, e.message]).toEqual(['truncated', expect.stringMatching(/ends at byte 5000 but bytes up to 6000 were expected/)]);
		expect((await failure(s.read('data.bin', 7000, 10))).kind).toBe('truncated');
		// A listing that promises more than the host serves: found on the first read.
		const listed = src({ listing: [{ name: 'data.bin', size: SIZE }] });
		expect((await failure(listed.read('data.bin', 0, SIZE))).kind).toBe('truncated');
	});

	it('a connection dropped mid-body is retried: the same bytes, one more request', async () => {
		server.faults.dropAfter = { 'data.bin': 3000 };
		expect(firstDifference(await src().read('data.bin', 0, 100_000), DATA.subarray(0, 100_000))).toBe(-1);
		expect(server.requests.map((r) => [r.status, r.bytes])).toEqual([
			[206, 3000],
			[206, 100_000]
		]);
	});

	it('drops on every try run out of retries as network, resumable, after retries + 1 requests', async () => {
		const dropEveryTime: typeof fetch = (input, init) => {
			server.faults.dropAfter = { 'data.bin': 2000 };
			return fetch(input, init);
		};
		const e = await failure(src({ fetch: dropEveryTime, retries: 2 }).read('data.bin', 0, 50_000));
		expect([e.kind, e.resumable]).toEqual(['network', true]);
		expect(e.message).toMatch(/the connection dropped mid-file .* 3 tries: check the network/);
		expect(server.requests).toHaveLength(3);
	});

	it('5xx answers are retried; a 503 that clears gives the bytes', async () => {
		let left = 2;
		const flaky: typeof fetch = (input, init) => (left-- > 0 ? Promise.resolve(new Response('busy', { status: 503 })) : fetch(input, init));
		expect(await src({ fetch: flaky }).read('data.bin', 5, 5)).toEqual(DATA.subarray(5, 10));
		const always: typeof fetch = () => Promise.resolve(new Response('busy', { status: 503 }));
		expect((await failure(src({ fetch: always, retries: 1 }).read('data.bin', 5, 5))).message).toMatch(/HTTP 503 from .*2 tries/);
	});

	it('a host that hides Content-Range from the page: the size from HEAD, reads checked by their length', async () => {
		const hiding: typeof fetch = async (input, init) => {
			const res = await fetch(input, init);
			const headers = new Headers(res.headers);
			headers.delete('content-range');
			return new Response(res.body, { status: res.status, headers });
		};
		const s = src({ fetch: hiding });
		expect(await s.size('data.bin')).toBe(SIZE);
		expect(server.requests.map((r) => r.method)).toEqual(['GET', 'HEAD']);
		expect(await s.read('data.bin', SIZE - 3, 3)).toEqual(DATA.subarray(SIZE - 3));
		server.faults.truncate = { 'data.bin': 100 };
		expect((await failure(s.read('data.bin', 90, 20))).kind).toBe('truncated');
	});

	it('a host that never answers: network in Node; in a browser cors-or-network, saying how to tell', async () => {
		const dead = await startHfServer({ root });
		const url = `${dead.url}/plain/`;
		await dead.close();
		const node = await failure(httpSource(url, { retries: 2, backoffMs: 1, corsPossible: false }).read('data.bin', 0, 10));
		expect([node.kind, node.message]).toEqual(['network', expect.stringMatching(/no answer from 127.0.0.1:\d+ after 3 tries/)]);
		expect(node.resumable).toBe(true);
		const browser = await failure(httpSource(url, { retries: 1, backoffMs: 1, corsPossible: true }).read('data.bin', 0, 10));
		expect(browser.kind).toBe('cors');
		expect(browser.message).toMatch(/refuses this page's origin \(CORS\) or the network is down.*open .*data.bin in a new tab/);
	});

	it('once the host has answered for a file, a failure to reach it is the network, not CORS', async () => {
		const other = await startHfServer({ root });
		const s = httpSource(`${other.url}/plain/`, { retries: 1, backoffMs: 1, corsPossible: true });
		await s.read('data.bin', 0, 10);
		await other.close();
		expect((await failure(s.read('data.bin', 10, 10))).kind).toBe('network');
	});

	it('an abort stops a slow read as aborted', async () => {
		server.faults.chunkDelayMs = 200;
		const ctl = new AbortController();
		const p = src().read('data.bin', 0, SIZE, ctl.signal);
		setTimeout(() => ctl.abort(), 50);
		expect((await failure(p)).kind).toBe('aborted');
	});
});

describe('file stream', () => {
	it('yields the file in order with several reads in flight, from any offset', async () => {
		const s = src();
		expect(firstDifference(await collect(streamFile(s, 'data.bin', { chunkBytes: 100_000, inFlight: 3 })), DATA)).toBe(-1);
		expect(firstDifference(await collect(streamFile(s, 'data.bin', { start: 777_777, chunkBytes: 65_536 })), DATA.subarray(777_777))).toBe(-1);
		const ranges = server.requests.filter((r) => r.range !== 'bytes=0-0').map((r) => r.range);
		expect(ranges.slice(0, 2)).toEqual(['bytes=0-99999', 'bytes=100000-199999']);
	});

	it('stopped mid-file and resumed from its checkpoint, gives the same bytes and the same SHA-256', async () => {
		server.faults.dropAfter = { 'data.bin': 150_000 };
		const s = src();
		const ctl = new AbortController();
		const hash = new Sha256();
		const first: Uint8Array[] = [];
		let checkpoint = { at: 0, state: hash.exportState() };
		const e = await failure(
			(async () => {
				for await (const c of streamFile(s, 'data.bin', { chunkBytes: 64_000, inFlight: 2, signal: ctl.signal })) {
					hash.update(c.bytes);
					first.push(c.bytes);
					checkpoint = { at: c.offset + c.bytes.length, state: JSON.parse(JSON.stringify(hash.exportState())) };
					if (first.length === 7) ctl.abort();
				}
			})()
		);
		expect(e.kind).toBe('aborted');
		expect(checkpoint.at).toBe(7 * 64_000);
		const resumed = Sha256.fromState(checkpoint.state);
		const rest = await collect(streamFile(s, 'data.bin', { start: checkpoint.at, chunkBytes: 50_000 }));
		resumed.update(rest);
		const all = new Uint8Array(SIZE);
		first.forEach((b, i) => all.set(b, i * 64_000));
		all.set(rest, checkpoint.at);
		expect(firstDifference(all, DATA)).toBe(-1);
		expect(resumed.hex()).toBe(createHash('sha256').update(DATA).digest('hex'));
		// The dropped connection cost one retried request, not a failed stream.
		expect(server.requests.some((r) => r.range === 'bytes=128000-191999' && r.bytes < 64_000)).toBe(true);
	});

	it('a failing read ends the stream with its error; breaking out early leaves no read behind', async () => {
		server.faults.truncate = { 'data.bin': 300_000 };
		const s = src({ listing: [{ name: 'data.bin', size: SIZE }] });
		const e = await failure(collect(streamFile(s, 'data.bin', { chunkBytes: 100_000 })));
		expect(e.kind).toBe('truncated');
		server.faults = {};
		let n = 0;
		for await (const c of streamFile(s, 'data.bin', { chunkBytes: 10_000, inFlight: 4 })) {
			expect(firstDifference(c.bytes, DATA.subarray(c.offset, c.offset + 10_000))).toBe(-1);
			if (++n === 2) break;
		}
		expect(n).toBe(2);
	});
});
