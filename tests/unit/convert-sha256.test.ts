import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex, type Sha256Engine } from '$lib/convert/hash/sha256';
import { compressWasm } from '$lib/convert/hash/sha256-wasm';
import { checkpointFor } from '$lib/convert/run/checkpoints';
import { createRng } from '$lib/engines/webllm/synthetic/rng';

const nodeHex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('SHA-256', () => {
	it('gives the FIPS 180-2 digests of "abc" and of the empty message', () => {
		expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
	});

	it('runs as WebAssembly in Node', () => {
		expect(compressWasm()).not.toBeNull();
	});

	for (const engine of ['auto', 'js'] as Sha256Engine[]) {
		it(`${engine}: equals node:crypto on every length around the block and padding edges`, () => {
			const data = new Uint8Array(randomBytes(300));
			for (let n = 0; n <= 300; n++) {
				const sub = data.subarray(0, n);
				expect(new Sha256(engine).update(sub).hex(), `length ${n}`).toBe(nodeHex(sub));
			}
		});

		it(`${engine}: equals node:crypto on random data split at random points, through JSON state round trips`, () => {
			const rng = createRng(17, `sha-${engine}`);
			for (let trial = 0; trial < 12; trial++) {
				// Up to 3 MiB, so the WebAssembly path crosses its 1 MiB chunk boundary.
				const size = trial === 0 ? (3 << 20) + 13 : rng.u32() % 200_000;
				const data = new Uint8Array(randomBytes(size));
				let h = new Sha256(engine);
				let pos = 0;
				while (pos < size) {
					const step = Math.min(size - pos, rng.u32() % 4 === 0 ? rng.u32() % 64 : rng.u32() % 70_000);
					h.update(data.subarray(pos, pos + step));
					pos += step;
					if (rng.u32() % 3 === 0) {
						const stored = JSON.parse(JSON.stringify(h.exportState())) as unknown;
						h = Sha256.fromState(stored, engine);
					}
				}
				expect(h.length).toBe(size);
				expect(h.hex(), `trial ${trial}, ${size} bytes`).toBe(nodeHex(data));
			}
		});
	}

	it('keeps hashing after a digest: the digest of a prefix leaves the state as it was', () => {
		const data = new Uint8Array(randomBytes(5000));
		const h = new Sha256().update(data.subarray(0, 1234));
		expect(h.hex()).toBe(nodeHex(data.subarray(0, 1234)));
		h.update(data.subarray(1234));
		expect(h.hex()).toBe(nodeHex(data));
	});

	it('a resumed state in the other engine gives the same digest', () => {
		const data = new Uint8Array(randomBytes(100_003));
		const state = new Sha256('js').update(data.subarray(0, 65_537)).exportState();
		expect(Sha256.fromState(state, 'auto').update(data.subarray(65_537)).hex()).toBe(nodeHex(data));
	});

	it("a state goes through the resume logic's checkpoints and comes back a working hash", () => {
		const data = new Uint8Array(randomBytes(10_000));
		const snapshots = [3000, 7000].map((pos) => ({ pos, state: new Sha256().update(data.subarray(0, pos)).exportState() }));
		const cp = checkpointFor(snapshots, 8000);
		expect(cp.pos).toBe(7000);
		expect(Sha256.fromState(cp.state).update(data.subarray(cp.pos)).hex()).toBe(nodeHex(data));
	});

	it('refuses malformed states, saying to start the file again', () => {
		const good = new Sha256().update(new Uint8Array(70)).exportState();
		const bad: unknown[] = [
			null,
			'x',
			{ ...good, h: good.h.slice(1) },
			{ ...good, h: [...good.h.slice(1), -1] },
			{ ...good, pending: 'zz' },
			{ ...good, pending: '00'.repeat(64) },
			{ ...good, length: 71 },
			{ ...good, length: 1.5 }
		];
		for (const b of bad) expect(() => Sha256.fromState(b), JSON.stringify(b)).toThrow(/not a SHA-256 state.*byte 0/);
		expect(Sha256.fromState(good).exportState()).toEqual(good);
	});
});
