// Writes safetensors files for tests, straight from the format's description (not through the parser), with knobs
// to break them: any header JSON, any declared length.

export interface TensorBytes {
	name: string;
	dtype: string;
	shape: number[];
	data: Uint8Array;
}

export interface SafetensorsParts {
	/** The header object as written; tests may corrupt it freely. */
	header: Record<string, unknown>;
	data: Uint8Array;
}

/** Header and data section for tensors laid out one after another, in the order given. */
export function safetensorsParts(tensors: TensorBytes[], metadata: Record<string, string> = { format: 'pt' }): SafetensorsParts {
	const header: Record<string, unknown> = { __metadata__: metadata };
	let pos = 0;
	for (const t of tensors) {
		header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [pos, pos + t.data.length] };
		pos += t.data.length;
	}
	const data = new Uint8Array(pos);
	pos = 0;
	for (const t of tensors) data.set(t.data, (pos += t.data.length) - t.data.length);
	return { header, data };
}

/** The file: length (declared, or the true one), header JSON padded with spaces to 8 bytes, data. */
export function safetensorsFile(parts: SafetensorsParts, opts: { declaredLength?: number } = {}): Uint8Array {
	let json = JSON.stringify(parts.header);
	while ((json.length + 8) % 8) json += ' ';
	const head = new TextEncoder().encode(json);
	const out = new Uint8Array(8 + head.length + parts.data.length);
	const view = new DataView(out.buffer);
	const len = opts.declaredLength ?? head.length;
	view.setUint32(0, len % 2 ** 32, true);
	view.setUint32(4, Math.floor(len / 2 ** 32), true);
	out.set(head, 8);
	out.set(parts.data, 8 + head.length);
	return out;
}

export function writeSafetensors(tensors: TensorBytes[]): Uint8Array {
	return safetensorsFile(safetensorsParts(tensors));
}

/** Little-endian bytes of f32 values, and of their f16 / bf16 encodings (values chosen exactly representable). */
export function f32Bytes(values: number[]): Uint8Array {
	return new Uint8Array(new Float32Array(values).buffer);
}

export function bf16Bytes(values: number[]): Uint8Array {
	const f = new Float32Array(values);
	const u = new Uint32Array(f.buffer);
	const out = new Uint16Array(values.length);
	for (let i = 0; i < u.length; i++) {
		if (u[i] & 0xffff) throw new Error(`${values[i]} is not exact in bf16`);
		out[i] = u[i] >>> 16;
	}
	return new Uint8Array(out.buffer);
}

/** f16 bits of a value exact in f16 (normal or subnormal, or ±0). */
export function f16Bits(v: number): number {
	if (v === 0) return Object.is(v, -0) ? 0x8000 : 0;
	const sign = v < 0 ? 0x8000 : 0;
	const a = Math.abs(v);
	let e = Math.floor(Math.log2(a));
	if (e < -14) {
		const m = a / 2 ** -24;
		if (!Number.isInteger(m)) throw new Error(`${v} is not exact in f16`);
		return sign | m;
	}
	if (2 ** e > a) e--;
	const m = (a / 2 ** e - 1) * 1024;
	if (!Number.isInteger(m) || e > 15) throw new Error(`${v} is not exact in f16`);
	return sign | ((e + 15) << 10) | m;
}

export function f16Bytes(values: number[]): Uint8Array {
	return new Uint8Array(new Uint16Array(values.map(f16Bits)).buffer);
}
