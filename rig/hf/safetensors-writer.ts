// Writes safetensors files the way Hugging Face's `save_pretrained` lays them out: an 8-byte little-endian header
// length, the JSON header (padded with spaces to 8 bytes), then each tensor's bytes, tensors sorted by name. Values
// are produced one tensor at a time by a callback, so a 1 GB checkpoint never sits in memory whole.
import { open } from 'node:fs/promises';

export type StDType = 'F32' | 'BF16' | 'F16';
export const ST_BYTES: Record<StDType, number> = { F32: 4, BF16: 2, F16: 2 };

export interface TensorToWrite {
	name: string;
	dtype: StDType;
	shape: number[];
	/** Fills the tensor's little-endian bytes (exactly its size). */
	fill(out: Uint8Array): void;
}

export function tensorBytes(t: Pick<TensorToWrite, 'dtype' | 'shape'>): number {
	return t.shape.reduce((a, b) => a * b, 1) * ST_BYTES[t.dtype];
}

/** The header a file of these tensors gets, and where each tensor's data starts after it. */
export function safetensorsHeader(tensors: TensorToWrite[], metadata: Record<string, string> = { format: 'pt' }) {
	const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const entries: Record<string, unknown> = { __metadata__: metadata };
	let at = 0;
	for (const t of sorted) {
		const n = tensorBytes(t);
		entries[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + n] };
		at += n;
	}
	let json = JSON.stringify(entries);
	json += ' '.repeat((8 - (json.length % 8)) % 8);
	return { sorted, json: new TextEncoder().encode(json), dataBytes: at };
}

export async function writeSafetensors(path: string, tensors: TensorToWrite[]): Promise<number> {
	const { sorted, json, dataBytes } = safetensorsHeader(tensors);
	const fh = await open(path, 'w');
	try {
		const len = new Uint8Array(8);
		new DataView(len.buffer).setBigUint64(0, BigInt(json.length), true);
		await fh.write(len);
		await fh.write(json);
		for (const t of sorted) {
			const buf = new Uint8Array(tensorBytes(t));
			t.fill(buf);
			await fh.write(buf);
		}
	} finally {
		await fh.close();
	}
	return 8 + json.length + dataBytes;
}
