// Where each source file can resume from. A file's stream may only restart at a byte position P if every shard not
// yet written gets nothing from that file before P; and SHA-256 can only restart where its state was saved. So the
// checkpoint is the latest saved hash state at or before the first byte an unwritten shard still needs.
import type { Sha256StateLike } from './hash-state';

export interface HashSnapshot {
	/** Bytes [0, pos) of the file have been hashed into `state`. */
	pos: number;
	state: Sha256StateLike;
}

export interface FileCheckpoint {
	pos: number;
	/** null at pos 0 (a fresh hash). */
	state: Sha256StateLike | null;
}

/**
 * `needs[s]` maps file index → the smallest offset shard `s` reads from that file. Returns, for `file`, the first
 * byte any unwritten shard still needs (Infinity when none does).
 */
export function firstNeeded(needs: readonly ReadonlyMap<number, number>[], done: ReadonlySet<number>, file: number): number {
	let first = Infinity;
	for (let s = 0; s < needs.length; s++) {
		if (done.has(s)) continue;
		const at = needs[s].get(file);
		if (at !== undefined && at < first) first = at;
	}
	return first;
}

/** The latest snapshot at or before `limit` (snapshots in increasing `pos`), or a fresh start. */
export function checkpointFor(snapshots: readonly HashSnapshot[], limit: number): FileCheckpoint {
	let best: FileCheckpoint = { pos: 0, state: null };
	for (const s of snapshots) if (s.pos <= limit && s.pos >= best.pos) best = { pos: s.pos, state: s.state };
	return best;
}

/** Drops snapshots a later checkpoint can never need (those before the current one), keeping memory flat. */
export function pruneSnapshots(snapshots: HashSnapshot[], checkpointPos: number): HashSnapshot[] {
	return snapshots.filter((s) => s.pos >= checkpointPos);
}
