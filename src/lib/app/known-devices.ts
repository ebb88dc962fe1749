// Devices the project has measured itself (bench/results/, committed; README "Benchmarks"): the fallback for an
// estimate when this browser has not run the speed check, used only for an adapter of the same vendor, and always
// named. The files are read lazily and checked like any other JSON.
import { readSpeedRecord, type SpeedRecord } from './speed-results';

export interface KnownDevice {
	/** How the estimate names it. */
	name: string;
	/** Every ladder measured on it (an estimate gives the range they span). */
	records: SpeedRecord[];
}

interface BenchFile {
	result?: unknown;
	calls?: { result?: unknown }[];
	batch?: { params?: { contextTokens?: unknown; answerTokens?: unknown }; runs?: { mode?: unknown; path?: unknown; B?: unknown; perQuestionS?: unknown }[] };
}

/** A committed speed-check result as a record; null when the file does not hold one. */
export function recordOfBenchFile(file: unknown): SpeedRecord | null {
	const f = file as BenchFile;
	const r = (f?.result ?? f?.calls?.[0]?.result) as
		| { ok?: unknown; provenance?: Record<string, unknown> & { adapter?: Record<string, unknown>; library?: { url?: unknown } }; rows?: unknown; selfCheck?: { path?: unknown } }
		| undefined;
	if (!r || r.ok !== true || !r.provenance) return null;
	const pv = r.provenance;
	const path = r.selfCheck?.path;
	return readSpeedRecord({
		schemaVersion: 1,
		adapter: { vendor: pv.adapter?.vendor ?? '', architecture: pv.adapter?.architecture ?? '', description: pv.adapter?.description ?? '' },
		model: 'FILM-7B',
		quantization: pv.quantization,
		date: pv.date,
		webllmVersion: pv.webllmVersion,
		library: pv.library?.url,
		rows: r.rows,
		reusePath: path === 'chunk' || path === 'decode-steps' ? path : null,
		batch: batchOf(f)
	});
}

function batchOf(f: BenchFile): SpeedRecord['batch'] {
	const runs = f.batch?.runs;
	const contextTokens = f.batch?.params?.contextTokens;
	const answerTokens = f.batch?.params?.answerTokens;
	if (!Array.isArray(runs) || typeof contextTokens !== 'number' || typeof answerTokens !== 'number') return null;
	const per = (mode: string) => {
		const run = runs.find((x) => x.mode === mode && typeof x.path === 'string' && x.path.startsWith('batch'));
		return typeof run?.perQuestionS === 'number' ? run.perQuestionS : null;
	};
	const B = runs.find((x) => x.mode !== 'single' && typeof x.B === 'number')?.B;
	return typeof B === 'number' && (per('none') !== null || per('right') !== null) ? { contextTokens, answerTokens, B, perQuestionS: { none: per('none'), right: per('right') } } : null;
}

/**
 * The NVIDIA H100 (lent machine, headless Chromium 156 on Vulkan, web-llm 0.2.79, FILM-7B's architecture in q4f32_1,
 * synthetic weights), 2026-11-25: two ladders, the batch phase measured beside the second.
 */
export async function loadKnownDevices(): Promise<KnownDevice[]> {
	const [main, run1, batch] = await Promise.all([
		import('../../../bench/results/h100-2026-11-25.json').then((m) => m.default as unknown),
		import('../../../bench/results/h100-2026-11-25-run1-single-thread-weights.json').then((m) => m.default as unknown),
		import('../../../bench/results/h100-2026-11-25-batch.json').then((m) => m.default as unknown)
	]);
	const withBatch = recordOfBenchFile({ ...(main as object), batch: (batch as BenchFile).batch });
	const records = [withBatch, recordOfBenchFile(run1)].filter((r): r is SpeedRecord => r !== null);
	return records.length ? [{ name: 'NVIDIA H100 (Chromium 156, Vulkan; measured by the project)', records }] : [];
}
