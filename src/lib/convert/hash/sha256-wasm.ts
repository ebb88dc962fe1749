// The SHA-256 compression function as WebAssembly, emitted here byte by byte: 64 rounds unrolled with the eight
// working variables renamed at emit time (no moves), the message schedule in 16 rolling locals, native rotates and no
// overflow checks. About twice the JS loop's speed in V8, and it needs no build step or binary file in the repo.
// Memory layout: the 8 chaining words at bytes 0…31, the blocks from byte 64. The export `c(ptr, blocks)` compresses
// `blocks` (≥ 1) 64-byte blocks starting at `ptr`, updating the words in place.

import { K } from './sha256-js';

const OP = {
	get: 0x20, set: 0x21, tee: 0x22, load: 0x28, store: 0x36, const: 0x41,
	add: 0x6a, sub: 0x6b, and: 0x71, or: 0x72, xor: 0x73, shrU: 0x76, rotl: 0x77, rotr: 0x78,
	loop: 0x03, brIf: 0x0d, end: 0x0b, void: 0x40
} as const;

function uleb(n: number): number[] {
	const out: number[] = [];
	do {
		let b = n & 0x7f;
		n >>>= 7;
		if (n) b |= 0x80;
		out.push(b);
	} while (n);
	return out;
}

function sleb(n: number): number[] {
	n |= 0;
	const out: number[] = [];
	for (;;) {
		const b = n & 0x7f;
		n >>= 7;
		if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return out.push(b), out;
		out.push(b | 0x80);
	}
}

/** The function body: params ptr (0) and blocks (1); locals 2…9 the working words, 10…25 the schedule, 26 and 27 t1, t2. */
function body(): number[] {
	const c: number[] = [];
	const get = (i: number) => c.push(OP.get, i);
	const set = (i: number) => c.push(OP.set, i);
	const op = (o: number) => c.push(o);
	const i32 = (v: number) => c.push(OP.const, ...sleb(v));
	const rotr = (local: number, r: number) => (get(local), i32(r), op(OP.rotr));
	/** Σ or σ of a local: three rotates, or two and a shift, xor-ed. */
	const sigma = (local: number, r1: number, r2: number, r3: number, shift: boolean) => {
		rotr(local, r1);
		rotr(local, r2);
		op(OP.xor);
		get(local);
		i32(r3);
		op(shift ? OP.shrU : OP.rotr);
		op(OP.xor);
	};
	const W = (i: number) => 10 + (i & 15);
	const T1 = 26;
	const T2 = 27;
	c.push(OP.loop, OP.void);
	for (let i = 0; i < 8; i++) (i32(0), c.push(OP.load, 2, ...uleb(4 * i)), set(2 + i));
	for (let i = 0; i < 16; i++) {
		// Big-endian word from little-endian memory: bytes swapped with two rotates and two masks.
		get(0), c.push(OP.load, 0, ...uleb(4 * i)), c.push(OP.tee, T1);
		i32(8), op(OP.rotr), i32(0xff00ff00 | 0), op(OP.and);
		get(T1), i32(8), op(OP.rotl), i32(0x00ff00ff), op(OP.and);
		op(OP.or), set(W(i));
	}
	let v = [2, 3, 4, 5, 6, 7, 8, 9];
	for (let i = 0; i < 64; i++) {
		if (i >= 16) {
			sigma(W(i - 2), 17, 19, 10, true);
			get(W(i - 7)), op(OP.add);
			sigma(W(i - 15), 7, 18, 3, true);
			op(OP.add), get(W(i)), op(OP.add), set(W(i));
		}
		const [a, b, cc, d, e, f, g, h] = v;
		// t1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i], Ch = g ^ (e & (f ^ g))
		get(h);
		sigma(e, 6, 11, 25, false);
		op(OP.add);
		get(g), get(e), get(f), get(g), op(OP.xor), op(OP.and), op(OP.xor), op(OP.add);
		i32(K[i] | 0), op(OP.add), get(W(i)), op(OP.add), set(T1);
		// t2 = Σ0(a) + Maj(a, b, c), Maj = (a & b) | (c & (a | b))
		sigma(a, 2, 13, 22, false);
		get(a), get(b), op(OP.and), get(cc), get(a), get(b), op(OP.or), op(OP.and), op(OP.or), op(OP.add), set(T2);
		get(d), get(T1), op(OP.add), set(d);
		get(T1), get(T2), op(OP.add), set(h);
		v = [h, a, b, cc, d, e, f, g];
	}
	// After 64 renamings the names are back in order: add the block's result into the stored words.
	for (let i = 0; i < 8; i++) {
		i32(0);
		i32(0), c.push(OP.load, 2, ...uleb(4 * i)), get(v[i]), op(OP.add);
		c.push(OP.store, 2, ...uleb(4 * i));
	}
	get(0), i32(64), op(OP.add), set(0);
	get(1), i32(1), op(OP.sub), c.push(OP.tee, 1), c.push(OP.brIf, 0);
	op(OP.end);
	op(OP.end);
	return c;
}

function section(id: number, content: number[]): number[] {
	return [id, ...uleb(content.length), ...content];
}

export function sha256WasmBytes(): Uint8Array {
	const code = body();
	const locals = [1, 26, 0x7f]; // one group: 26 i32 locals
	const fn = [...locals, ...code];
	const name = (s: string) => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];
	return new Uint8Array([
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
		...section(1, [1, 0x60, 2, 0x7f, 0x7f, 0]),
		...section(3, [1, 0]),
		...section(5, [1, 0x00, 17]),
		...section(7, [2, ...name('m'), 0x02, 0, ...name('c'), 0x00, 0]),
		...section(10, [1, ...uleb(fn.length), ...fn])
	]);
}

/** Bytes of blocks one call takes: the memory is 17 pages, 64 bytes of words plus 1 MiB of blocks. */
const CHUNK = 1 << 20;

type Compress = (h: Int32Array, data: Uint8Array, from: number, to: number) => void;
let cached: Compress | null | undefined;

/**
 * The compression function over WebAssembly, with the same contract as `compressJs`; null where WebAssembly is
 * unavailable or refused (a page whose CSP lacks 'wasm-unsafe-eval'). One instance per thread, shared by every hash
 * in it: the words go in and out around each call, so hashes never see each other's state.
 */
export function compressWasm(): Compress | null {
	if (cached !== undefined) return cached;
	try {
		const inst = new WebAssembly.Instance(new WebAssembly.Module(sha256WasmBytes() as BufferSource));
		const ex = inst.exports as { m: WebAssembly.Memory; c: (p: number, n: number) => void };
		const words = new Int32Array(ex.m.buffer, 0, 8);
		const bytes = new Uint8Array(ex.m.buffer);
		cached = (h, data, from, to) => {
			words.set(h);
			for (let p = from; p < to; p += CHUNK) {
				const end = Math.min(to, p + CHUNK);
				bytes.set(data.subarray(p, end), 64);
				ex.c(64, (end - p) >> 6);
			}
			h.set(words);
		};
	} catch {
		cached = null;
	}
	return cached;
}
