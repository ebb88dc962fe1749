// The hash worker's side: one source file's SHA-256, off the conversion's main loop — chunks in order, a saved
// state back after each, the digest at the end. Messages are checked on arrival.
import { Sha256, type Sha256State } from '../hash/sha256';
import type { HashWorkerIn, HashWorkerOut } from './hasher';

interface Scope {
	postMessage(m: HashWorkerOut): void;
	addEventListener(t: 'message', fn: (ev: { data: unknown }) => void): void;
}

function parse(v: unknown): HashWorkerIn | null {
	if (typeof v !== 'object' || v === null) return null;
	const m = v as Record<string, unknown>;
	if (m.type === 'start') return { type: 'start', state: (m.state ?? null) as Sha256State | null };
	if (m.type === 'update' && m.bytes instanceof ArrayBuffer && Number.isSafeInteger(m.end)) return { type: 'update', bytes: m.bytes, end: m.end as number };
	if (m.type === 'finish') return { type: 'finish' };
	return null;
}

export function serveHashWorker(scope: Scope = globalThis as unknown as Scope): void {
	let sha: Sha256 | null = null;
	scope.addEventListener('message', (ev) => {
		try {
			const m = parse(ev.data);
			if (!m) throw new Error('a malformed message');
			// fromState validates the stored state; a bad one is refused with a reason.
			if (m.type === 'start') sha = m.state ? Sha256.fromState(m.state) : new Sha256();
			else if (!sha) throw new Error('no start message');
			else if (m.type === 'update') {
				sha.update(new Uint8Array(m.bytes));
				if (sha.length !== m.end) throw new Error(`hashed ${sha.length} bytes, expected ${m.end}`);
				scope.postMessage({ type: 'snapshot', pos: m.end, state: sha.exportState() });
			} else scope.postMessage({ type: 'digest', hex: sha.hex() });
		} catch (e) {
			scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
		}
	});
}
