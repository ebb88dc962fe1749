// safetensors: an 8-byte little-endian header length N, N bytes of JSON
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}, then the data, offsets relative to its
// start (byte 8 + N). Only the header is read here; tensors come back with absolute offsets into the file.
import { ConvertError, type SourceDType, type SourceTensor } from '../types';
import { checks, parseJson, utf8 } from './checks';

/** The safetensors format caps its header at 100 MB; anything larger is not a safetensors file. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/** Bytes per element of the dtypes the converter reads. */
export const SAFETENSORS_DTYPES: Readonly<Record<string, number>> = { F32: 4, F16: 2, BF16: 2 };

export interface SafetensorsFile {
	/** Name inside the source, for messages. */
	name: string;
	/** Index into the source's files. */
	index: number;
	size: number;
}

/** The header length from the file's first 8 bytes, checked against the file's size. */
export function safetensorsHeaderLength(first8: Uint8Array, file: SafetensorsFile): number {
	const c = checks(file.name);
	if (file.size < 8 || first8.length < 8)
		c.fail(`the file has ${file.size} bytes; a safetensors file starts with an 8-byte header length`, 'truncated');
	const view = new DataView(first8.buffer, first8.byteOffset, 8);
	const lo = view.getUint32(0, true);
	const hi = view.getUint32(4, true);
	if (hi !== 0 || lo < 2 || lo > SAFETENSORS_MAX_HEADER)
		c.fail(`header length ${hi * 2 ** 32 + lo} is not sane (2 bytes to 100 MB): is this a safetensors file?`);
	if (8 + lo > file.size)
		c.fail(`the header claims ${lo} bytes but the file has ${file.size - 8} after its length: the file is cut off, download it again`, 'truncated');
	return lo;
}

/** Tensors of one file from its JSON header (the N bytes after the length). */
export function parseSafetensorsHeader(header: Uint8Array, file: SafetensorsFile): SourceTensor[] {
	const c = checks(file.name);
	const dataStart = 8 + header.length;
	const root = c.object(parseJson(utf8(header, file.name).trimEnd(), file.name), 'the header');
	const tensors: SourceTensor[] = [];
	for (const [name, raw] of Object.entries(root)) {
		if (name === '__metadata__') continue;
		const entry = c.object(raw, `tensor "${name}"`);
		for (const field of ['dtype', 'shape', 'data_offsets'])
			if (entry[field] === undefined) c.fail(`tensor "${name}" has no ${field}`);
		const dtype = c.string(entry.dtype, `tensor "${name}" dtype`);
		const size = SAFETENSORS_DTYPES[dtype];
		if (size === undefined)
			c.fail(`tensor "${name}" is ${dtype}; the converter reads ${Object.keys(SAFETENSORS_DTYPES).join(', ')} safetensors`, 'dtype');
		if (!Array.isArray(entry.shape)) c.fail(`tensor "${name}" shape must be a list of dimensions`);
		const shape = (entry.shape as unknown[]).map((d, i) => c.int(d, `tensor "${name}" shape[${i}]`));
		const offsets = entry.data_offsets;
		if (!Array.isArray(offsets) || offsets.length !== 2) c.fail(`tensor "${name}" data_offsets must be [begin, end]`);
		const [begin, end] = (offsets as unknown[]).map((o, i) => c.int(o, `tensor "${name}" data_offsets[${i}]`));
		const nbytes = shape.reduce((a, b) => a * b, 1) * size;
		if (end - begin !== nbytes)
			c.fail(`tensor "${name}" spans ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${nbytes}`);
		if (dataStart + end > file.size)
			c.fail(`tensor "${name}" ends at byte ${dataStart + end} but the file has ${file.size}: the file is cut off, download it again`, 'truncated');
		tensors.push({ name, dtype: dtype as SourceDType, shape, file: file.index, offset: dataStart + begin, nbytes });
	}
	const byOffset = [...tensors].sort((a, b) => a.offset - b.offset || a.nbytes - b.nbytes);
	for (let i = 1; i < byOffset.length; i++) {
		const prev = byOffset[i - 1];
		const cur = byOffset[i];
		if (cur.offset < prev.offset + prev.nbytes)
			c.fail(`tensors "${prev.name}" and "${cur.name}" overlap (bytes ${cur.offset}…${prev.offset + prev.nbytes}): the header is corrupt`);
	}
	return tensors;
}

export interface SafetensorsIndex {
	/** The shard files, sorted by name (model-00001-of-00006.safetensors, …). */
	files: string[];
	/** Tensor name → shard file. */
	weightMap: Map<string, string>;
}

/** `model.safetensors.index.json`: its weight_map names every tensor's shard. */
export function parseSafetensorsIndex(text: string, fileName = 'model.safetensors.index.json'): SafetensorsIndex {
	const c = checks(fileName);
	const root = c.object(parseJson(text, fileName), 'the index');
	const map = c.object(root.weight_map, 'weight_map');
	const weightMap = new Map<string, string>();
	for (const [tensor, shard] of Object.entries(map)) {
		const f = c.string(shard, `weight_map["${tensor}"]`);
		if (!/^[^/\\][^\\]*$/.test(f) || f.split('/').includes('..')) c.fail(`weight_map["${tensor}"] names an unsafe path ${JSON.stringify(f)}`);
		weightMap.set(tensor, f);
	}
	if (weightMap.size === 0) c.fail('weight_map is empty');
	return { files: [...new Set(weightMap.values())].sort(), weightMap };
}

/** Every tensor the index maps must be in the header of its shard; the index may not name a tensor twice. */
export function checkAgainstIndex(index: SafetensorsIndex, tensors: SourceTensor[], fileNames: string[], indexName = 'model.safetensors.index.json'): void {
	const found = new Map(tensors.map((t) => [t.name, fileNames[t.file]]));
	for (const [tensor, shard] of index.weightMap) {
		const at = found.get(tensor);
		if (at === undefined)
			throw new ConvertError('missing-tensor', `${shard}: tensor "${tensor}" is in ${indexName} but not in the file's header`, shard);
		if (at !== shard)
			throw new ConvertError('format', `${indexName}: tensor "${tensor}" is mapped to ${shard} but found in ${at}`, indexName);
	}
}
