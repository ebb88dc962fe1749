// One source file's SHA-256, off the conversion's main loop: chunks in order, a saved state back after each.
import { Sha256 } from '$lib/convert/hash/sha256';
import type { HashWorkerIn, HashWorkerOut } from '$lib/convert/run/hasher';

let sha: Sha256 | null = null;
const post = (m: HashWorkerOut) => (self as unknown as { postMessage(m: HashWorkerOut): void }).postMessage(m);

self.addEventListener('message', (ev: MessageEvent<HashWorkerIn>) => {
	const m = ev.data;
	try {
		if (m.type === 'start') sha = m.state ? Sha256.fromState(m.state) : new Sha256();
		else if (!sha) throw new Error('no start message');
		else if (m.type === 'update') {
			sha.update(new Uint8Array(m.bytes));
			if (sha.length !== m.end) throw new Error(`hashed ${sha.length} bytes, expected ${m.end}`);
			post({ type: 'snapshot', pos: m.end, state: sha.exportState() });
		} else if (m.type === 'finish') post({ type: 'digest', hex: sha.hex() });
	} catch (e) {
		post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
	}
});
