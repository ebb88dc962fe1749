// Outputs are written whole or not at all: into a temporary file beside the target, renamed when complete.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export function writeLinesAtomic(path: string, lines: Iterable<string>): number {
	const tmp = `${path}.part-${process.pid}`;
	const fd = openSync(tmp, 'w');
	let n = 0;
	try {
		let buffer = '';
		for (const line of lines) {
			buffer += line + '\n';
			n++;
			if (buffer.length > 1 << 20) {
				writeSync(fd, buffer);
				buffer = '';
			}
		}
		if (buffer) writeSync(fd, buffer);
		closeSync(fd);
		renameSync(tmp, path);
	} catch (e) {
		try {
			closeSync(fd);
		} catch {
			/* already closed */
		}
		rmSync(tmp, { force: true });
		throw e;
	}
	return n;
}
