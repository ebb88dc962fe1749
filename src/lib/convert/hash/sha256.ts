// SHA-256 (FIPS 180-4), incremental, with a state that survives a page reload: the conversion hashes every source
// byte as it streams and checkpoints mid-file, so the hash must resume from a stored object. Web Crypto has no
// incremental digest, hence our own: the compression runs as WebAssembly where the page allows it, as plain JS
// otherwise, with the same words either way.
import { compressJs } from './sha256-js';
import { compressWasm } from './sha256-wasm';

/**
 * The hash mid-stream, as plain JSON: the 8 chaining words, the bytes not yet in a full block, the length so far.
 * A type alias (not an interface) so it is assignable to run/hash-state.ts's `Readonly<Record<string, unknown>>`.
 */
export type Sha256State = {
	/** H0…H7 as unsigned 32-bit integers. */
	h: number[];
	/** Hex of the 0…63 bytes waiting for a full 64-byte block. */
	pending: string;
	/** Bytes hashed so far, pending included. */
	length: number;
};

const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** `auto`: WebAssembly where available; `js`: always the plain-JS compression. */
export type Sha256Engine = 'auto' | 'js';

export class Sha256 {
	private readonly compress: (h: Int32Array, data: Uint8Array, from: number, to: number) => void;
	private readonly h = new Int32Array(H0);
	private readonly buf = new Uint8Array(64);
	private bufLen = 0;
	private total = 0;

	constructor(private readonly engine: Sha256Engine = 'auto') {
		this.compress = (engine === 'auto' && compressWasm()) || compressJs;
	}

	/** Bytes hashed so far. */
	get length(): number {
		return this.total;
	}

	update(data: Uint8Array): this {
		let pos = 0;
		const n = data.length;
		this.total += n;
		if (this.bufLen > 0) {
			const take = Math.min(64 - this.bufLen, n);
			this.buf.set(data.subarray(0, take), this.bufLen);
			this.bufLen += take;
			pos = take;
			if (this.bufLen < 64) return this;
			this.compress(this.h, this.buf, 0, 64);
			this.bufLen = 0;
		}
		const whole = pos + ((n - pos) & ~63);
		if (whole > pos) this.compress(this.h, data, pos, whole);
		if (whole < n) {
			this.buf.set(data.subarray(whole), 0);
			this.bufLen = n - whole;
		}
		return this;
	}

	/** The digest of everything so far. The hash itself is left as it was, so more bytes may follow. */
	digest(): Uint8Array {
		const copy = Sha256.fromState(this.exportState(), this.engine);
		const bits = this.total * 8;
		const tail = new Uint8Array(((this.bufLen + 8) >> 6) * 64 + 64 - this.bufLen);
		tail[0] = 0x80;
		// The length in bits, big-endian, in the last 8 bytes: above 2^32 it needs a division, not a shift.
		const hi = Math.floor(bits / 0x100000000);
		const lo = bits >>> 0;
		const t = tail.length;
		tail[t - 8] = hi >>> 24;
		tail[t - 7] = hi >>> 16;
		tail[t - 6] = hi >>> 8;
		tail[t - 5] = hi;
		tail[t - 4] = lo >>> 24;
		tail[t - 3] = lo >>> 16;
		tail[t - 2] = lo >>> 8;
		tail[t - 1] = lo;
		copy.update(tail);
		const out = new Uint8Array(32);
		for (let i = 0; i < 8; i++) {
			const v = copy.h[i];
			out[4 * i] = v >>> 24;
			out[4 * i + 1] = v >>> 16;
			out[4 * i + 2] = v >>> 8;
			out[4 * i + 3] = v;
		}
		return out;
	}

	hex(): string {
		return toHex(this.digest());
	}

	exportState(): Sha256State {
		return { h: Array.from(this.h, (v) => v >>> 0), pending: toHex(this.buf.subarray(0, this.bufLen)), length: this.total };
	}

	/** Resumes from `exportState()` output (e.g. read back from IndexedDB); anything malformed is refused. */
	static fromState(raw: unknown, engine: Sha256Engine = 'auto'): Sha256 {
		const s = validateState(raw);
		const out = new Sha256(engine);
		for (let i = 0; i < 8; i++) out.h[i] = s.h[i] | 0;
		const pending = fromHex(s.pending);
		out.buf.set(pending);
		out.bufLen = pending.length;
		out.total = s.length;
		return out;
	}

}

/** SHA-256 of one buffer, as lowercase hex. */
export function sha256Hex(data: Uint8Array): string {
	return new Sha256().update(data).hex();
}

function validateState(raw: unknown): Sha256State {
	const bad = (why: string): never => {
		throw new Error(`not a SHA-256 state (${why}): start this file's hash again from byte 0`);
	};
	if (!raw || typeof raw !== 'object') return bad('not an object');
	const { h, pending, length } = raw as Record<string, unknown>;
	if (!Array.isArray(h) || h.length !== 8 || !h.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff))
		return bad('h must be 8 unsigned 32-bit words');
	if (typeof pending !== 'string' || !/^(?:[0-9a-f]{2}){0,63}$/.test(pending)) return bad('pending must be hex of 0…63 bytes');
	if (!Number.isSafeInteger(length) || (length as number) < 0) return bad('length must be a byte count');
	if ((length as number) % 64 !== pending.length / 2) return bad('length and pending disagree');
	return { h: h as number[], pending, length: length as number };
}

function toHex(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
	return s;
}

function fromHex(hex: string): Uint8Array {
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}
