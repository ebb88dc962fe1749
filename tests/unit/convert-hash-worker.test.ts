// The hash worker's loop, driven in Node through its scope: the digest of chunks sent in order, a resumed state,
// and a clear error for every message it cannot use.
import { describe, expect, it } from 'vitest';
import { serveHashWorker } from '$lib/convert/run/hash-server';
import { Sha256, sha256Hex } from '$lib/convert/hash/sha256';
import type { HashWorkerOut } from '$lib/convert/run/hasher';

function worker() {
	const out: HashWorkerOut[] = [];
	let listener: ((ev: { data: unknown }) => void) | null = null;
	serveHashWorker({ addEventListener: (_t, l) => (listener = l), postMessage: (m) => out.push(m) });
	return { out, send: (data: unknown) => listener!({ data }) };
}

const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i * 7) & 255);
const buf = (a: Uint8Array) => a.slice().buffer;

describe('the hash worker', () => {
	it('hashes chunks in order, says where it is after each, and resumes from a saved state', () => {
		const w = worker();
		w.send({ type: 'start', state: null });
		w.send({ type: 'update', bytes: buf(bytes.subarray(0, 70)), end: 70 });
		w.send({ type: 'update', bytes: buf(bytes.subarray(70)), end: 200 });
		w.send({ type: 'finish' });
		expect(w.out.map((m) => m.type)).toEqual(['snapshot', 'snapshot', 'digest']);
		expect(w.out[2]).toEqual({ type: 'digest', hex: sha256Hex(bytes) });

		const saved = w.out[0].type === 'snapshot' ? w.out[0].state : null;
		const resumed = worker();
		resumed.send({ type: 'start', state: saved });
		resumed.send({ type: 'update', bytes: buf(bytes.subarray(70)), end: 200 });
		resumed.send({ type: 'finish' });
		expect(resumed.out.at(-1)).toEqual({ type: 'digest', hex: sha256Hex(bytes) });
	});

	it('answers an error for what it cannot use, and keeps going', () => {
		const w = worker();
		w.send({ type: 'update', bytes: buf(bytes), end: 200 });
		w.send({ type: 'start', state: { h: [1], pending: '', length: 3 } });
		w.send('update');
		w.send({ type: 'start', state: null });
		w.send({ type: 'update', bytes: buf(bytes.subarray(0, 10)), end: 11 });
		expect(w.out.map((m) => (m.type === 'error' ? m.message : m.type))).toEqual([
			'no start message',
			expect.any(String),
			'a malformed message',
			'hashed 10 bytes, expected 11'
		]);
		expect(() => Sha256.fromState({ h: [1], pending: '', length: 3 })).toThrow();
	});

	it('refuses messages of the wrong shape', () => {
		const w = worker();
		w.send({ type: 'start', state: null });
		for (const bad of [{ type: 'update', bytes: new Uint8Array(2), end: 2 }, { type: 'update', bytes: new ArrayBuffer(2), end: 1.5 }, { type: 'reset' }, null])
			w.send(bad);
		expect(w.out).toEqual(Array(4).fill({ type: 'error', message: 'a malformed message' }));
	});
});
