import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelHost, type ModelHost } from '../../rig/model-host';

let dir: string;
let host: ModelHost;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'rig-host-'));
	await mkdir(join(dir, 'sub'));
	await writeFile(join(dir, 'mlc-chat-config.json'), '{"vocab_size": 5}');
	await writeFile(join(dir, 'params_shard_0.bin'), Uint8Array.from({ length: 100 }, (_, i) => i));
	host = await startModelHost({ models: { toy: dir }, libs: { 'toy.wasm': new Uint8Array([0, 97, 115, 109]) } });
});
afterAll(async () => {
	await host.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('model host', () => {
	it('serves a folder in the layout web-llm fetches, with CORS, on 127.0.0.1', async () => {
		expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const res = await fetch(`${host.modelUrl('toy')}/resolve/main/mlc-chat-config.json`);
		expect(res.status).toBe(200);
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(await res.json()).toEqual({ vocab_size: 5 });
		const lib = await fetch(host.libUrl('toy.wasm'));
		expect(new Uint8Array(await lib.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
		const pre = await fetch(host.libUrl('toy.wasm'), { method: 'OPTIONS' });
		expect(pre.status).toBe(204);
	});

	it('answers byte ranges and refuses paths outside the folder', async () => {
		const res = await fetch(`${host.modelUrl('toy')}/resolve/main/params_shard_0.bin`, { headers: { range: 'bytes=10-14' } });
		expect(res.status).toBe(206);
		expect(res.headers.get('content-range')).toBe('bytes 10-14/100');
		expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([10, 11, 12, 13, 14]);
		expect((await fetch(`${host.modelUrl('toy')}/resolve/main/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
		expect((await fetch(`${host.modelUrl('other')}/resolve/main/mlc-chat-config.json`)).status).toBe(404);
	});

	it('counts GET requests per path, and resets', async () => {
		host.resetCounts();
		const url = `${host.modelUrl('toy')}/resolve/main/params_shard_0.bin`;
		await (await fetch(url)).arrayBuffer();
		await (await fetch(url)).arrayBuffer();
		await fetch(url, { method: 'HEAD' });
		expect(host.counts().get('/models/toy/resolve/main/params_shard_0.bin')).toBe(2);
		expect(host.countMatching('params_shard_')).toBe(2);
		host.resetCounts();
		expect(host.countMatching('')).toBe(0);
	});

	it('stops (requests fail) and starts again on the same port', async () => {
		const url = `${host.modelUrl('toy')}/resolve/main/mlc-chat-config.json`;
		const port = host.port;
		await host.stop();
		expect(host.running).toBe(false);
		await expect(fetch(url)).rejects.toThrow();
		await host.start();
		expect(host.port).toBe(port);
		expect((await fetch(url)).status).toBe(200);
	});
});
