// What a conversion's progress line says: bytes of source read, the rate over the last few seconds (not since the
// start, so a resume or a slow patch shows at once), and the time left at that rate. Pure: time comes in.

export type ConvertStage = 'reading headers' | 'checking' | 'converting' | 'writing the model files' | 'verifying' | 'done';

export interface ConvertProgress {
	stage: ConvertStage;
	/** Source bytes read (this session and before a resume). */
	doneBytes: number;
	totalBytes: number;
	/** Bytes per second over the recent window; null until two samples are far enough apart. */
	bytesPerS: number | null;
	/** Seconds left at that rate; null when unknown. */
	etaS: number | null;
	/** The source file being read, when one is. */
	file: string | null;
	shardsDone: number;
	shardsTotal: number;
}

export interface RateMeter {
	/** Records that `total` bytes had been read at time `t` (ms). */
	add(t: number, total: number): void;
	rate(): number | null;
}

/** A sliding-window rate: the bytes read between the oldest sample within `windowMs` and the newest. */
export function createRateMeter(windowMs = 5000, minSpanMs = 500): RateMeter {
	const samples: { t: number; total: number }[] = [];
	return {
		add(t, total) {
			samples.push({ t, total });
			while (samples.length > 2 && t - samples[1].t >= windowMs) samples.shift();
		},
		rate() {
			if (samples.length < 2) return null;
			const a = samples[0], b = samples[samples.length - 1];
			const span = b.t - a.t;
			return span >= minSpanMs ? ((b.total - a.total) * 1000) / span : null;
		}
	};
}

export function etaSeconds(remainingBytes: number, bytesPerS: number | null): number | null {
	if (remainingBytes <= 0) return 0;
	return bytesPerS && bytesPerS > 0 ? remainingBytes / bytesPerS : null;
}

/** "3 min 20 s", "1 h 05 min", "12 s". */
export function formatDuration(s: number): string {
	if (!Number.isFinite(s) || s < 0) return 'unknown';
	if (s < 60) return `${Math.round(s)} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
	return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`;
}
