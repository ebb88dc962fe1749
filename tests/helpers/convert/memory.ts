// In-memory stand-ins for the conversion's environment: a byte source over a folder of files (with a fault that
// cuts the connection after N bytes, as a dropped network would), a sink and a state store.
import type { ByteSource } from '$lib/convert/sources/byte-source';
import type { ModelSink, StateStore } from '$lib/convert/run/convert';
import type { ConversionState } from '$lib/convert/run/state';
import type { ConvertedModel } from '$lib/convert/record';
import { ConvertError } from '$lib/convert/types';
import type { Files } from './model-folder';

export interface MemorySource extends ByteSource {
	/** Bytes of tensor data read so far (every read, headers included). */
	bytesRead: number;
	/** After this many more bytes, every read fails as a dropped connection (null: never). */
	dropAfter: number | null;
}

export function memorySource(files: Files, label = 'memory'): MemorySource {
	const src: MemorySource = {
		label,
		bytesRead: 0,
		dropAfter: null,
		list: async () => Object.entries(files).map(([name, b]) => ({ name, size: b.byteLength, expectedSha256: null })),
		async size(name) {
			const f = files[name];
			if (!f) throw new ConvertError('not-found', `${name}: not there`, name);
			return f.byteLength;
		},
		async read(name, offset, length) {
			const f = files[name];
			if (!f) throw new ConvertError('not-found', `${name}: not there`, name);
			if (src.dropAfter !== null && src.dropAfter < length) {
				src.dropAfter = 0;
				throw new ConvertError('network', `${name}: the connection dropped`, name);
			}
			if (src.dropAfter !== null) src.dropAfter -= length;
			if (offset + length > f.byteLength) throw new ConvertError('truncated', `${name}: ends at ${f.byteLength}`, name);
			src.bytesRead += length;
			return f.slice(offset, offset + length);
		}
	};
	return src;
}

export interface MemorySink extends ModelSink {
	files: Map<string, Uint8Array | string>;
	/** When set, a put of a file this large or larger fails as a full quota. */
	quotaAt: number | null;
}

export function memorySink(): MemorySink {
	const sink: MemorySink = {
		files: new Map(),
		quotaAt: null,
		async put(name, data) {
			const n = typeof data === 'string' ? data.length : data.byteLength;
			if (sink.quotaAt !== null && n >= sink.quotaAt) throw Object.assign(new Error('the quota is exceeded'), { name: 'QuotaExceededError' });
			sink.files.set(name, typeof data === 'string' ? data : data.slice());
		},
		missing: async (names) => names.filter((n) => !sink.files.has(n))
	};
	return sink;
}

export interface MemoryStore extends StateStore {
	states: Map<string, ConversionState>;
	models: Map<string, ConvertedModel>;
}

export function memoryStore(): MemoryStore {
	const s: MemoryStore = {
		states: new Map(),
		models: new Map(),
		getState: async (id) => structuredClone(s.states.get(id) ?? null),
		putState: async (st) => void s.states.set(st.request.modelId, structuredClone(st)),
		deleteState: async (id) => void s.states.delete(id),
		putModel: async (m) => void s.models.set(m.modelId, m)
	};
	return s;
}
