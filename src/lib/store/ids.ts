// Run ids: sortable by creation time, unique enough for one person's browser, plain enough for keys and file names.

export function newRunId(now = new Date()): string {
	const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
	const rand = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
	return `r${stamp}-${rand}`;
}
