// The paper's own per-position curves in the app: the official files a user imports are reduced to their golds and
// kept (store/official-golds-store.ts); FILM's published answers come from the app's static files when first needed;
// scoring and aggregation are the pure paper/ modules. Everything here loads lazily: none of it is in a page's
// initial JavaScript, and the 4 MB of answers are fetched only once golds exist to score them against.
import type { OfficialGoldsStore, OfficialGoldsRecord } from '$lib/store/official-golds-store';
import type { PaperCurve } from '$lib/paper/reproduce';
import type { ProbeTask } from '$lib/paper/published';

export interface PaperDeps {
	fetcher?: typeof fetch;
	store?: () => Promise<OfficialGoldsStore>;
	now?: () => Date;
}

export interface StoredGolds {
	task: ProbeTask;
	file: string;
	rows: number;
	skipped: number;
	importedAt: string;
}

async function goldsStore(deps: PaperDeps): Promise<OfficialGoldsStore> {
	if (deps.store) return deps.store();
	const { createOfficialGoldsStore } = await import('$lib/store/official-golds-store');
	return createOfficialGoldsStore();
}

async function text(fetcher: typeof fetch, url: string, what: string): Promise<string> {
	let r: Response;
	try {
		r = await fetcher(url);
	} catch (e) {
		throw new Error(`${what} could not be loaded (${(e as Error).message}); open the app online once so it can keep a copy.`);
	}
	if (!r.ok) throw new Error(`${what} could not be loaded (HTTP ${r.status} for ${url}).`);
	return r.text();
}

const summary = (r: OfficialGoldsRecord): StoredGolds => ({ task: r.task, file: r.file.name, rows: r.rows.length, skipped: r.skipped, importedAt: r.importedAt });

/**
 * Reads each picked official file (streamed: they are hundreds of MB), keeps its golds, and says per file what
 * happened. A file that fails keeps nothing of itself and leaves the others and what was stored before alone.
 */
export async function importOfficialFiles(files: readonly File[], deps: PaperDeps = {}): Promise<{ imported: StoredGolds[]; errors: string[] }> {
	const [{ officialTaskOf, OFFICIAL_FILE_NAMES }, { readOfficialGolds }, { readLines }, { OFFICIAL_GOLDS_SCHEMA_VERSION }] = await Promise.all([
		import('$lib/paper/published'),
		import('$lib/paper/official-golds'),
		import('$lib/tasks/longbench/lines'),
		import('$lib/store/official-golds-store')
	]);
	const store = await goldsStore(deps);
	const fetcher = deps.fetcher ?? fetch;
	const imported: StoredGolds[] = [];
	const errors: string[] = [];
	for (const file of files) {
		const task = officialTaskOf(file.name);
		if (!task) {
			errors.push(`${file.name}: not an official VaLProbing-32K file; pick ${Object.values(OFFICIAL_FILE_NAMES).map((n) => `${n}.jsonl`).join(', ')}.`);
			continue;
		}
		try {
			const name = OFFICIAL_FILE_NAMES[task];
			const skipText = await text(fetcher, `/data/film/skip-lists/${name}_skip_list.json`, `FILM's skip list for ${name}`);
			const skip: unknown = JSON.parse(skipText);
			if (!Array.isArray(skip) || !skip.every((x) => Number.isInteger(x) && x >= 0)) throw new Error(`FILM's skip list for ${name} is not a list of row numbers`);
			const rows = await readOfficialGolds(readLines(file.stream()), task, skip as number[], file.name);
			const record: OfficialGoldsRecord = {
				schemaVersion: OFFICIAL_GOLDS_SCHEMA_VERSION,
				task,
				file: { name: file.name, size: file.size, lastModified: Number.isFinite(file.lastModified) ? file.lastModified : null },
				importedAt: (deps.now?.() ?? new Date()).toISOString(),
				skipped: rows.filter((r) => r.skip).length,
				rows
			};
			await store.put(record);
			imported.push(summary(record));
		} catch (e) {
			errors.push(`${file.name}: ${(e as Error).message}`);
		}
	}
	return { imported, errors };
}

/** The golds kept in this browser, and FILM's three models scored against them, per task that has golds. */
export async function loadPaperCurves(deps: PaperDeps = {}): Promise<{ stored: StoredGolds[]; curves: PaperCurve[]; problems: string[] }> {
	const store = await goldsStore(deps);
	const { records, problems } = await store.all();
	if (!records.length) return { stored: [], curves: [], problems };
	const [{ PUBLISHED_BASE, PUBLISHED_MODELS, parsePublishedAnswers, publishedFile }, { scorePublished }] = await Promise.all([
		import('$lib/paper/published'),
		import('$lib/paper/reproduce')
	]);
	const fetcher = deps.fetcher ?? fetch;
	const curves: PaperCurve[] = [];
	for (const r of records) {
		for (const m of PUBLISHED_MODELS) {
			const path = publishedFile(m, r.task);
			try {
				const answers = parsePublishedAnswers(await text(fetcher, PUBLISHED_BASE + path, `${m.model}'s published ${r.task} answers`), m, path);
				curves.push({ model: m.model, task: r.task, ...scorePublished(r.rows, answers) });
			} catch (e) {
				problems.push((e as Error).message);
			}
		}
	}
	return { stored: records.map(summary), curves, problems };
}

export async function forgetOfficialGolds(task: ProbeTask, deps: PaperDeps = {}): Promise<void> {
	await (await goldsStore(deps)).remove(task);
}
