// GGUF headers (versions 2 and 3): magic "GGUF", version, tensor and key-value counts, the key-values, the tensor
// infos, then the data aligned to `general.alignment`. A 7B model's header with its vocabulary is a few MB, so the
// parser works on whatever prefix of the file it is given and, when that is too short, says how long a prefix it
// needs; the caller reads more and calls again. It never needs the tensor data.
import { ConvertError, type SourceTensor } from '../types';
import { rowBytes } from './gguf-blocks';
import { GGML_READ, ggmlTypeName } from './gguf-types';

export type GgufValue = number | bigint | boolean | string | GgufValue[];

export interface GgufHeader {
	version: number;
	metadata: Map<string, GgufValue>;
	/** Row-major shapes (ggml's dims reversed), absolute offsets. */
	tensors: SourceTensor[];
	alignment: number;
	/** Where the data section starts: the end of the tensor infos, aligned. */
	dataStart: number;
}

export type GgufParse = { done: true; header: GgufHeader } | { done: false; needBytes: number };

export interface GgufFile {
	name: string;
	index: number;
	/** The whole file's size when known: claims beyond it are refused early, as truncation. */
	size: number | null;
}

/** Value types of GGUF key-values: id → bytes of a scalar (strings and arrays are read apart). */
const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
const MAX_DIMS = 4;

/** Thrown inside the reader when the prefix ends; becomes `{ done: false }`. */
class NeedMore {
	constructor(readonly bytes: number) {}
}

class Reader {
	pos = 0;
	private readonly view: DataView;
	private readonly text = new TextDecoder();
	constructor(
		private readonly bytes: Uint8Array,
		private readonly file: GgufFile
	) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}
	fail(message: string, kind: 'format' | 'truncated' | 'unsupported' | 'dtype' = 'format'): never {
		throw new ConvertError(kind, `${this.file.name}: ${message}`, this.file.name);
	}
	/** Makes sure n more bytes are there, or says the file (or the prefix) ends first. */
	need(n: number, what: string): number {
		const end = this.pos + n;
		if (this.file.size !== null && end > this.file.size)
			this.fail(`${what} runs to byte ${end} but the file has ${this.file.size}: the file is cut off or not GGUF`, 'truncated');
		if (end > this.bytes.length) throw new NeedMore(end);
		const at = this.pos;
		this.pos = end;
		return at;
	}
	u32(what: string): number {
		return this.view.getUint32(this.need(4, what), true);
	}
	u64(what: string): number | bigint {
		const v = this.view.getBigUint64(this.need(8, what), true);
		return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
	}
	/** A u64 that must be a usable count or offset. */
	size(what: string): number {
		const v = this.u64(what);
		if (typeof v === 'bigint') this.fail(`${what} is ${v}, beyond any file`);
		return v as number;
	}
	ascii(n: number, what: string): string {
		const at = this.need(n, what);
		return String.fromCharCode(...this.bytes.subarray(at, at + n));
	}
	string(what: string): string {
		const n = this.size(`${what} length`);
		return this.text.decode(this.bytes.subarray(this.need(n, what), this.pos));
	}
	value(type: number, what: string, depth = 0): GgufValue {
		if (type === STRING) return this.string(what);
		if (type === ARRAY) {
			if (depth > 8) this.fail(`${what} nests arrays more than 8 deep`);
			const inner = this.u32(`${what} element type`);
			const count = this.size(`${what} count`);
			const min = inner === STRING ? 8 : inner === ARRAY ? 12 : SCALAR_BYTES[inner];
			if (min === undefined) this.fail(`${what} has unknown element type ${inner}`);
			if (this.file.size !== null && count * min > this.file.size - this.pos)
				this.fail(`${what} claims ${count} elements, more than the file holds`, 'truncated');
			const out: GgufValue[] = new Array(count);
			for (let i = 0; i < count; i++) out[i] = this.value(inner, what, depth + 1);
			return out;
		}
		const n = SCALAR_BYTES[type];
		if (n === undefined) this.fail(`${what} has unknown value type ${type}`);
		const at = this.need(n, what);
		const v = this.view;
		switch (type) {
			case 0: return v.getUint8(at);
			case 1: return v.getInt8(at);
			case 2: return v.getUint16(at, true);
			case 3: return v.getInt16(at, true);
			case 4: return v.getUint32(at, true);
			case 5: return v.getInt32(at, true);
			case 6: return v.getFloat32(at, true);
			case 7: {
				const b = v.getUint8(at);
				if (b > 1) this.fail(`${what} is a bool of value ${b}`);
				return b === 1;
			}
			case 10: {
				const u = v.getBigUint64(at, true);
				return u <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u) : u;
			}
			case 11: {
				const s = v.getBigInt64(at, true);
				return s <= BigInt(Number.MAX_SAFE_INTEGER) && s >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(s) : s;
			}
			default: return v.getFloat64(at, true);
		}
	}
}

/** Parses the header from a prefix of the file; `{ done: false, needBytes }` when the prefix is too short. */
export function parseGgufPrefix(prefix: Uint8Array, file: GgufFile): GgufParse {
	const r = new Reader(prefix, file);
	try {
		return { done: true, header: readHeader(r, file) };
	} catch (e) {
		if (e instanceof NeedMore) return { done: false, needBytes: e.bytes };
		throw e;
	}
}

function readHeader(r: Reader, file: GgufFile): GgufHeader {
	if (r.ascii(4, 'the magic') !== 'GGUF') r.fail('not a GGUF file (it does not start with "GGUF")');
	const version = r.u32('the version');
	if (version === 1) r.fail('GGUF version 1 (the 2023 draft) is not read: save it again with a current llama.cpp to get version 3', 'unsupported');
	if (version >= 0x01000000) r.fail('a big-endian GGUF file: convert it to little-endian with llama.cpp first', 'unsupported');
	if (version !== 2 && version !== 3) r.fail(`GGUF version ${version} is newer than this converter reads (2 and 3)`, 'unsupported');
	const tensorCount = r.size('the tensor count');
	const kvCount = r.size('the key-value count');
	const metadata = new Map<string, GgufValue>();
	for (let i = 0; i < kvCount; i++) {
		const key = r.string(`key ${i}`);
		if (metadata.has(key)) r.fail(`key "${key}" appears twice`);
		metadata.set(key, r.value(r.u32(`"${key}" type`), `"${key}"`));
	}
	const infos: { name: string; dims: number[]; type: number; offset: number }[] = [];
	for (let i = 0; i < tensorCount; i++) {
		const name = r.string(`tensor ${i} name`);
		const nDims = r.u32(`tensor "${name}" dimension count`);
		if (nDims < 1 || nDims > MAX_DIMS) r.fail(`tensor "${name}" has ${nDims} dimensions (1 to ${MAX_DIMS})`);
		const dims = Array.from({ length: nDims }, (_, d) => r.size(`tensor "${name}" dimension ${d}`));
		infos.push({ name, dims, type: r.u32(`tensor "${name}" type`), offset: r.size(`tensor "${name}" offset`) });
	}
	const alignment = metadata.get('general.alignment') ?? 32;
	if (typeof alignment !== 'number' || alignment < 1 || (alignment & (alignment - 1)) !== 0)
		r.fail(`general.alignment ${String(alignment)} is not a power of two`);
	const dataStart = Math.ceil(r.pos / alignment) * alignment;
	return { version, metadata, tensors: tensorsOf(r, file, infos, alignment, dataStart), alignment, dataStart };
}

function tensorsOf(r: Reader, file: GgufFile, infos: { name: string; dims: number[]; type: number; offset: number }[], alignment: number, dataStart: number): SourceTensor[] {
	const tensors = infos.map(({ name, dims, type, offset }): SourceTensor => {
		const dtype = GGML_READ[type];
		if (dtype === undefined)
			r.fail(`tensor "${name}" is ${ggmlTypeName(type)}; the converter reads ${Object.values(GGML_READ).join(', ')}`, 'dtype');
		if (offset % alignment !== 0) r.fail(`tensor "${name}" offset ${offset} is not aligned to ${alignment}`);
		let nbytes = 0;
		try {
			nbytes = dims.slice(1).reduce((a, b) => a * b, rowBytes(dtype, dims[0]));
		} catch (e) {
			r.fail(`tensor "${name}": ${e instanceof Error ? e.message : String(e)}`);
		}
		const abs = dataStart + offset;
		if (file.size !== null && abs + nbytes > file.size)
			r.fail(`tensor "${name}" ends at byte ${abs + nbytes} but the file has ${file.size}: the file is cut off, download it again`, 'truncated');
		return { name, dtype, shape: [...dims].reverse(), file: file.index, offset: abs, nbytes };
	});
	const sorted = [...tensors].sort((a, b) => a.offset - b.offset);
	for (let i = 1; i < sorted.length; i++)
		if (sorted[i].offset < sorted[i - 1].offset + sorted[i - 1].nbytes)
			r.fail(`tensors "${sorted[i - 1].name}" and "${sorted[i].name}" overlap: the header is corrupt`);
	return tensors;
}
