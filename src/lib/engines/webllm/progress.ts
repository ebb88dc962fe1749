// Load progress with bytes, speed and time left. web-llm reports only a fraction and a text
// ("Fetching param cache[3/108]: 412MB fetched. 9% completed, 31 secs elapsed. …"); the byte total comes from the
// weight folder's shard list (tensor-cache.json in 0.2.86, ndarray-cache.json in 0.2.79).

export type LoadPhase = 'start' | 'fetch' | 'load-cache' | 'shaders' | 'done' | 'other';

export interface LoadProgress {
	phase: LoadPhase;
	/** 0…1, as web-llm reports it for the current phase. */
	fraction: number;
	shard: number | null;
	shards: number | null;
	bytesDone: number | null;
	bytesTotal: number | null;
	bytesPerS: number | null;
	secondsLeft: number | null;
	elapsedS: number;
	text: string;
}

const SHARD = /\[(\d+)\/(\d+)\]/;
const MB = /(\d+(?:\.\d+)?)MB (?:fetched|loaded)/;

function phaseOf(text: string): LoadPhase {
	if (text.startsWith('Start to fetch params')) return 'start';
	if (text.startsWith('Fetching param cache')) return 'fetch';
	if (text.startsWith('Loading model from cache')) return 'load-cache';
	if (text.startsWith('Loading GPU shader modules')) return 'shaders';
	if (text.startsWith('Finish loading')) return 'done';
	return 'other';
}

export function parseProgress(
	report: { progress: number; timeElapsed: number; text: string },
	bytesTotal: number | null
): LoadProgress {
	const phase = phaseOf(report.text);
	const shard = report.text.match(SHARD);
	const fraction = Number.isFinite(report.progress) ? Math.min(1, Math.max(0, report.progress)) : 0;
	const elapsedS = Number.isFinite(report.timeElapsed) ? report.timeElapsed : 0;
	let bytesDone: number | null = null;
	if (phase === 'fetch' || phase === 'load-cache' || phase === 'start') {
		// The fraction is fetched bytes / total bytes of the shard list; the MB figure is rounded up, so prefer it.
		if (bytesTotal !== null) bytesDone = Math.round(fraction * bytesTotal);
		else {
			const mb = report.text.match(MB);
			bytesDone = mb ? Number(mb[1]) * 2 ** 20 : null;
		}
	}
	const total = bytesTotal ?? (bytesDone !== null && fraction > 0 ? Math.round(bytesDone / fraction) : null);
	const bytesPerS = phase === 'fetch' && bytesDone !== null && elapsedS > 0 ? bytesDone / elapsedS : null;
	const secondsLeft =
		bytesPerS && total !== null && bytesDone !== null ? Math.max(0, (total - bytesDone) / bytesPerS) : null;
	return {
		phase,
		fraction,
		shard: shard ? Number(shard[1]) : null,
		shards: shard ? Number(shard[2]) : null,
		bytesDone,
		bytesTotal: total,
		bytesPerS,
		secondsLeft,
		elapsedS,
		text: report.text
	};
}

/** Total bytes of a tensor-cache.json / ndarray-cache.json, or null when it is not one. */
export function shardListBytes(json: unknown): number | null {
	const records = (json as { records?: unknown })?.records;
	if (!Array.isArray(records) || records.length === 0) return null;
	let sum = 0;
	for (const r of records) {
		const n = (r as { nbytes?: unknown })?.nbytes;
		if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
		sum += n;
	}
	return sum;
}

/** Fetch the shard list of a weight folder (its resolved URL) and sum it; null when neither name answers. */
export async function fetchShardBytes(resolvedUrl: string, fetchFn: typeof fetch = fetch): Promise<number | null> {
	for (const name of ['tensor-cache.json', 'ndarray-cache.json']) {
		try {
			const res = await fetchFn(new URL(name, resolvedUrl).href);
			if (!res.ok) continue;
			const total = shardListBytes(await res.json());
			if (total !== null) return total;
		} catch {
			// unreachable or not JSON: try the other name, then report unknown
		}
	}
	return null;
}
