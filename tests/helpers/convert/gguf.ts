// Writes GGUF files for tests from the format's description: typed key-values (every value type, nested arrays),
// tensor infos with ggml dims innermost first, data aligned. Knobs let a test break any part.

export type GgufType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'bool' | 'str' | 'u64' | 'i64' | 'f64';
export type GgufTyped = { type: GgufType; value: number | bigint | boolean | string } | { type: 'array'; of: GgufType | 'array'; items: GgufTyped[] };

const TYPE_ID: Record<GgufType | 'array', number> = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, str: 8, array: 9, u64: 10, i64: 11, f64: 12 };

export interface GgufTensorSpec {
	name: string;
	/** ggml order: innermost (columns) first. */
	dims: number[];
	type: number;
	data: Uint8Array;
}

export interface GgufSpec {
	version?: number;
	metadata: [string, GgufTyped][];
	tensors: GgufTensorSpec[];
	alignment?: number;
	/** Replace the magic (tests of non-GGUF input). */
	magic?: string;
}

class Writer {
	private chunks: number[] = [];
	get length() {
		return this.chunks.length;
	}
	bytes(b: ArrayLike<number>) {
		for (let i = 0; i < b.length; i++) this.chunks.push(b[i]);
	}
	num(type: GgufType, v: number | bigint | boolean) {
		const dv = new DataView(new ArrayBuffer(8));
		const n = { u8: 1, i8: 1, bool: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, u64: 8, i64: 8, f64: 8, str: 0 }[type];
		if (type === 'u8' || type === 'bool') dv.setUint8(0, Number(v));
		else if (type === 'i8') dv.setInt8(0, Number(v));
		else if (type === 'u16') dv.setUint16(0, Number(v), true);
		else if (type === 'i16') dv.setInt16(0, Number(v), true);
		else if (type === 'u32') dv.setUint32(0, Number(v), true);
		else if (type === 'i32') dv.setInt32(0, Number(v), true);
		else if (type === 'f32') dv.setFloat32(0, Number(v), true);
		else if (type === 'u64') dv.setBigUint64(0, BigInt(v), true);
		else if (type === 'i64') dv.setBigInt64(0, BigInt(v), true);
		else dv.setFloat64(0, Number(v), true);
		this.bytes(new Uint8Array(dv.buffer, 0, n));
	}
	str(s: string) {
		const b = new TextEncoder().encode(s);
		this.num('u64', b.length);
		this.bytes(b);
	}
	value(v: GgufTyped) {
		if (v.type === 'array') {
			this.num('u32', TYPE_ID[v.of]);
			this.num('u64', v.items.length);
			for (const item of v.items) this.value(item);
		} else if (v.type === 'str') this.str(v.value as string);
		else this.num(v.type, v.value as number);
	}
	out() {
		return new Uint8Array(this.chunks);
	}
}

export const str = (value: string): GgufTyped => ({ type: 'str', value });
export const u32 = (value: number): GgufTyped => ({ type: 'u32', value });
export const f32 = (value: number): GgufTyped => ({ type: 'f32', value });
export const strings = (items: string[]): GgufTyped => ({ type: 'array', of: 'str', items: items.map(str) });

/** The file, and where its data section starts. Tensor offsets follow one another, each aligned. */
export function writeGguf(spec: GgufSpec): { bytes: Uint8Array; dataStart: number } {
	const align = spec.alignment ?? 32;
	const w = new Writer();
	w.bytes(new TextEncoder().encode(spec.magic ?? 'GGUF'));
	w.num('u32', spec.version ?? 3);
	w.num('u64', spec.tensors.length);
	w.num('u64', spec.metadata.length);
	for (const [k, v] of spec.metadata) {
		w.str(k);
		w.num('u32', TYPE_ID[v.type]);
		w.value(v);
	}
	const offsets: number[] = [];
	let pos = 0;
	for (const t of spec.tensors) {
		offsets.push(pos);
		pos = Math.ceil((pos + t.data.length) / align) * align;
	}
	spec.tensors.forEach((t, i) => {
		w.str(t.name);
		w.num('u32', t.dims.length);
		for (const d of t.dims) w.num('u64', d);
		w.num('u32', t.type);
		w.num('u64', offsets[i]);
	});
	const dataStart = Math.ceil(w.length / align) * align;
	const head = w.out();
	const bytes = new Uint8Array(dataStart + pos);
	bytes.set(head, 0);
	spec.tensors.forEach((t, i) => bytes.set(t.data, dataStart + offsets[i]));
	return { bytes, dataStart };
}
