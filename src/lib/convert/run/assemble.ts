// Output shards filled in any order: each piece of quantized output lands at its planned byte offset, and a shard
// is handed on as soon as every one of its bytes has been written — then dropped, so memory holds only the shards
// still open. Writing a byte twice, or past the end, is a bug in the plan and stops the conversion.

export class ShardAssembler {
	private open = new Map<number, { buf: Uint8Array; filled: number }>();

	constructor(
		private readonly sizes: readonly number[],
		/** Shards already written (a resume): a piece aimed at one is dropped. */
		private readonly done: Set<number> = new Set()
	) {}

	get openShards(): number {
		return this.open.size;
	}

	get openBytes(): number {
		let n = 0;
		for (const s of this.open.values()) n += s.buf.byteLength;
		return n;
	}

	isDone(shard: number): boolean {
		return this.done.has(shard);
	}

	/** Copies `bytes` into shard `shard` at `offset`; returns the whole shard when this piece completed it. */
	write(shard: number, offset: number, bytes: Uint8Array): Uint8Array | null {
		if (this.done.has(shard)) return null;
		const size = this.sizes[shard];
		if (size === undefined) throw new Error(`no shard ${shard} in the plan`);
		if (offset < 0 || offset + bytes.byteLength > size)
			throw new Error(`a piece of ${bytes.byteLength} bytes at ${offset} runs past shard ${shard} (${size} bytes)`);
		let s = this.open.get(shard);
		if (!s) this.open.set(shard, (s = { buf: new Uint8Array(size), filled: 0 }));
		s.buf.set(bytes, offset);
		s.filled += bytes.byteLength;
		if (s.filled > size) throw new Error(`shard ${shard} got more bytes than it holds: the plan overlaps`);
		if (s.filled < size) return null;
		this.open.delete(shard);
		this.done.add(shard);
		return s.buf;
	}
}
