// Where a byte sequence stops being UTF-8. TextDecoder's fatal mode only says "invalid"; a user fixing a
// 500 MB file needs the byte offset and line, so the failing chunk is re-checked with the same rules
// (WHATWG / RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).

/** Index of the first byte that starts an invalid sequence, or -1; a sequence cut off by the end is reported too. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];
		let need: number;
		let lo = 0x80;
		let hi = 0xbf;
		if (b < 0x80) need = 0;
		else if (b >= 0xc2 && b <= 0xdf) need = 1;
		else if (b >= 0xe0 && b <= 0xef) {
			need = 2;
			if (b === 0xe0) lo = 0xa0;
			if (b === 0xed) hi = 0x9f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			need = 3;
			if (b === 0xf0) lo = 0x90;
			if (b === 0xf4) hi = 0x8f;
		} else return i;
		for (let k = 1; k <= need; k++) {
			const c = bytes[i + k];
			if (c === undefined) return i;
			if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
		}
		i += need + 1;
	}
	return -1;
}

/** How many bytes at the end of `bytes` begin a sequence that the next chunk must finish (0…3). */
export function incompleteTail(bytes: Uint8Array): number {
	for (let back = 1; back <= Math.min(3, bytes.length); back++) {
		const b = bytes[bytes.length - back];
		if (b >= 0x80 && b < 0xc0) continue;
		const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
		return len > back ? back : 0;
	}
	return 0;
}
