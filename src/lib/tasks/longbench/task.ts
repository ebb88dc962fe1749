// The LongBench task in one call for a page or worker: bytes in (a File, a URL's body, the bundled demo),
// a ProbePlan and the import report out. The plan's options name the source and filters, so a run record
// built from a URL (the demo included) can be rebuilt from its options alone; a picked file cannot, and the
// app has to keep its rows (or ask for the file again) to resume.
import type { ProbePlan } from '$lib/types';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import { importLongbench, type ImportReport } from './import';
import type { ByteSource } from './lines';
import { longbenchPlanAsync } from './plan';
import type { LongbenchWrap } from './prompt';

export { LONGBENCH_DEMO_URL } from './demo';

export interface LongbenchTaskOptions {
	/** Where the rows came from: a URL, or "file:NAME" for a picked file. Recorded, not read. */
	source: string;
	/** How import reports name the source (default: `source`). */
	sourceName?: string;
	datasets?: string[];
	maxPerDataset?: number;
	contextWindow?: number;
	wrap?: LongbenchWrap;
}

export async function planFromSource(
	bytes: ByteSource,
	tok: TextTokenizer,
	opts: LongbenchTaskOptions & { onProgress?: (done: number, total: number) => void; signal?: AbortSignal }
): Promise<{ plan: ProbePlan; report: ImportReport }> {
	const { rows, report } = await importLongbench(bytes, {
		datasets: opts.datasets,
		maxPerDataset: opts.maxPerDataset,
		sourceName: opts.sourceName ?? opts.source,
		signal: opts.signal
	});
	const plan = await longbenchPlanAsync(rows, tok, opts);
	plan.options = {
		...plan.options,
		source: opts.source,
		...(opts.datasets ? { datasets: opts.datasets } : {}),
		...(opts.maxPerDataset !== undefined ? { maxPerDataset: opts.maxPerDataset } : {})
	};
	return { plan, report };
}
