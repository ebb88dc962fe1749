// Byte comparisons for large buffers: vitest's deep equality walks typed arrays element by element, which takes
// seconds on a megabyte; this says where two buffers first differ (-1: equal), which is also a better message.
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
	const n = Math.min(a.length, b.length);
	const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
	const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
	if (a.length === b.length && x.equals(y)) return -1;
	for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
	return n;
}
