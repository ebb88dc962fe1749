// One source file, front to back: every byte hashed, the planned tensor parts cut into row groups as they go past,
// each group turned into MLC bytes by the backend, and the pieces handed on with the shard and offset they belong
// at. Only the parts of unwritten shards are worked on (a resume); the rest of the file is still hashed.
import type { PlannedPart, PlannedTensor } from '../model/plan';
import { streamFile } from '../sources/stream';
import type { ByteSource } from '../sources/byte-source';
import { ConvertError, type ErrorStats, type Target } from '../types';
import type { QuantBackend } from './backend';
import type { FileCheckpoint, HashSnapshot } from './checkpoints';
import type { HasherFactory } from './hasher';
import type { Sha256State } from '../hash/sha256';
import { createSemaphore, type Semaphore } from '$lib/util/semaphore';

export interface StreamPart {
	tensor: PlannedTensor;
	part: PlannedPart;
	/** Index of `part` in `tensor.parts`. */
	partIndex: number;
}

export interface FileStreamInput {
	source: ByteSource;
	fileName: string;
	size: number;
	/** The parts to produce from this file (parts of unwritten shards only). */
	parts: StreamPart[];
	from: FileCheckpoint;
	target: Target;
	backend: QuantBackend;
	hasher: HasherFactory;
	/** Source bytes per row group (default 16 MiB). */
	groupBytes?: number;
	/** Row groups being converted at once (default 2): reading goes on meanwhile. */
	groupsInFlight?: number;
	/** A limit shared with the other files being streamed (runConversion's): replaces `groupsInFlight`. */
	slots?: Semaphore;
	chunkBytes?: number;
	readsInFlight?: number;
	signal?: AbortSignal;
	onPiece(shard: number, offset: number, bytes: Uint8Array): Promise<void> | void;
	onStats(s: StreamPart, stats: ErrorStats): void;
	onSnapshot(s: HashSnapshot): void;
	onRead(bytes: number): void;
}

interface Group {
	sp: StreamPart;
	/** First row of the group within its part. */
	row: number;
	rows: number;
	buf: Uint8Array;
	filled: number;
}

/** Rows per group: about `groupBytes` of source, a whole number of heads where rows are un-permuted per head. */
export function rowsPerGroup(part: PlannedPart, groupBytes: number): number {
	const rowBytes = part.nbytes / part.rows;
	const step = part.transform.kind === 'rope-unpermute' ? part.transform.headDim : 1;
	const rows = Math.max(step, Math.floor(groupBytes / rowBytes / step) * step);
	return Math.min(part.rows, rows);
}

export async function streamOneFile(o: FileStreamInput): Promise<{ sha256: string }> {
	const groupBytes = o.groupBytes ?? 16 << 20;
	const parts = [...o.parts].sort((a, b) => a.part.offset - b.part.offset);
	for (const p of parts)
		if (p.part.offset < o.from.pos) throw new Error(`${p.part.tensor} starts at ${p.part.offset}, before the checkpoint ${o.from.pos}: the resume rule was broken`);
	const hasher = o.hasher(o.from.state as Sha256State | null, o.onSnapshot);
	const inFlight = new Set<Promise<void>>();
	const slots = o.slots ?? createSemaphore(Math.max(1, o.groupsInFlight ?? 2));
	let failure: unknown = null;

	const convert = async (g: Group) => {
		const { tensor, part } = g.sp;
		const r = await o.backend.run({ op: tensor.op, name: part.tensor, dtype: part.dtype, bytes: g.buf, rows: g.rows, cols: tensor.cols, target: o.target, transform: part.transform });
		if (r.outputs.length !== tensor.outputs.length) throw new Error(`${tensor.name}: the backend gave ${r.outputs.length} outputs, the plan has ${tensor.outputs.length}`);
		// Stats before pieces: the last piece may complete a shard, and its tensor's stats must be in by then.
		if (r.stats) o.onStats(g.sp, r.stats);
		for (let i = 0; i < r.outputs.length; i++) {
			const out = tensor.outputs[i];
			const perRow = out.nbytes / tensor.rows;
			if (r.outputs[i].byteLength !== perRow * g.rows) throw new Error(`${out.name}: ${r.outputs[i].byteLength} bytes for ${g.rows} rows, expected ${perRow * g.rows}`);
			await o.onPiece(out.shard, out.byteOffset + (part.rowOffset + g.row) * perRow, r.outputs[i]);
		}
	};
	const submit = async (g: Group) => {
		const release = await slots.acquire();
		if (failure) {
			release();
			throw failure;
		}
		const p = convert(g).catch((e) => {
			failure ??= e;
		});
		const tracked = p.finally(() => {
			release();
			inFlight.delete(tracked);
		});
		inFlight.add(tracked);
	};

	let i = 0; // the next part not yet finished
	let group: Group | null = null;
	const newGroup = (sp: StreamPart, row: number): Group => {
		const rows = Math.min(rowsPerGroup(sp.part, groupBytes), sp.part.rows - row);
		return { sp, row, rows, buf: new Uint8Array((sp.part.nbytes / sp.part.rows) * rows), filled: 0 };
	};
	try {
		if (o.from.pos < o.size) {
			for await (const chunk of streamFile(o.source, o.fileName, { start: o.from.pos, end: o.size, chunkBytes: o.chunkBytes, inFlight: o.readsInFlight, signal: o.signal })) {
				if (failure) throw failure;
				const end = chunk.offset + chunk.bytes.byteLength;
				let at = chunk.offset;
				while (i < parts.length && at < end) {
					const sp = parts[i];
					const pStart = sp.part.offset, pEnd = pStart + sp.part.nbytes;
					if (pEnd <= at) {
						i++;
						continue;
					}
					if (pStart >= end) break;
					at = Math.max(at, pStart);
					group ??= newGroup(sp, 0);
					const take = Math.min(end - at, group.buf.byteLength - group.filled);
					group.buf.set(chunk.bytes.subarray(at - chunk.offset, at - chunk.offset + take), group.filled);
					group.filled += take;
					at += take;
					if (group.filled === group.buf.byteLength) {
						const done: Group = group;
						const nextRow: number = done.row + done.rows;
						group = nextRow < sp.part.rows ? newGroup(sp, nextRow) : null;
						if (!group) i++;
						await submit(done);
					}
				}
				o.onRead(chunk.bytes.byteLength);
				await hasher.update(chunk.bytes, end);
			}
		}
		await Promise.all(inFlight);
		if (failure) throw failure;
		if (group || i < parts.length) throw new ConvertError('truncated', `${o.fileName} ended before ${parts[Math.min(i, parts.length - 1)].part.tensor} was read whole`, o.fileName);
		return { sha256: await hasher.finish() };
	} finally {
		hasher.close();
	}
}
