// LongBench long-document QA in the registry (SPEC.md §3): rows from a URL, a picked file's stored rows, or the
// offline demo set; LongBench's metrics; per-dataset scores beside the paper's Table 2.
import type { ProbePlan } from '$lib/types';
import { scoreQa, type QaGold } from '$lib/scoring/longbench';
import type { CommonSettings, PlanDeps, TaskSpec } from '../spec';
import { LONGBENCH_DEMO_URL } from './demo';
import { LONGBENCH_WRAPS, type LongbenchWrap } from './prompt';
import { longbenchReference } from './reference';
import { formatSummary, parseProbeRows, scoreProbeRows, toProbeRows } from './probe-rows';

/** A picked LongBench file as the settings see it: its kept rows live in IndexedDB (store/longbench-rows.ts). */
export interface LongbenchFileChoice {
	/** The file name (several joined by ", "), recorded as the plan source "file:NAME". */
	name: string;
	/** Content key of the stored rows; null while the file is being imported, or when it could not be kept. */
	rowsKey: string | null;
	rows: number;
}

export interface LongbenchSettings {
	/** A URL of LongBench JSONL rows; empty means the offline demo set that ships with the app. */
	longbenchUrl?: string;
	/** A picked or dropped file, which takes precedence over the URL while chosen. Never in a link. */
	longbenchFile?: LongbenchFileChoice | null;
}

type S = CommonSettings & LongbenchSettings;

interface LongbenchOptions {
	source?: string;
	rowsKey?: unknown;
	contextWindow?: number;
	datasets?: string[];
	maxPerDataset?: number;
	wrap?: LongbenchWrap;
}

async function build(options: Record<string, unknown>, deps: PlanDeps): Promise<{ plan: ProbePlan; report?: object }> {
	const o = options as LongbenchOptions;
	const source = o.source ?? LONGBENCH_DEMO_URL;
	if (source.startsWith('file:')) return { plan: await planFromStoredRows(source, o.rowsKey, o.contextWindow, deps) };
	const [{ planFromSource, urlSource }, tok] = await Promise.all([import('./index'), deps.tokenizer()]);
	const opened = deps.open?.(source);
	const { plan, report } = await planFromSource(opened ? opened.bytes : await urlSource(source, deps.fetcher ?? fetch), tok, {
		source,
		sourceName: opened?.name,
		contextWindow: o.contextWindow,
		datasets: o.datasets,
		maxPerDataset: o.maxPerDataset,
		wrap: o.wrap
	});
	return { plan, report };
}

/** A picked file's plan, rebuilt from the rows stored under its key (the same rows give the same plan). */
async function planFromStoredRows(source: string, rowsKey: unknown, contextWindow: number | undefined, deps: PlanDeps): Promise<ProbePlan> {
	const name = source.slice(5);
	if (typeof rowsKey !== 'string' || !rowsKey)
		throw new Error(`This run was built from a picked file (${name}) whose rows were not kept; give its data as a URL to run it again.`);
	if (!deps.longbenchRows) throw new Error(`The rows of ${name} are kept in the browser that picked it; give its data as a URL (or a file) here.`);
	const [{ longbenchPlanAsync }, rows, tok] = await Promise.all([import('./plan'), deps.longbenchRows(rowsKey, name), deps.tokenizer()]);
	const plan = await longbenchPlanAsync(rows, tok, { contextWindow });
	plan.options = { ...plan.options, source, rowsKey };
	return plan;
}

/** `probe build --task longbench` options; the messages name the flag to fix. */
function cliOptions(f: Record<string, unknown>): Record<string, unknown> {
	if (typeof f.input !== 'string') throw new Error('--input is required (a LongBench JSONL file)');
	const contextWindow = (f['context-tokens'] as number | undefined) ?? 32768;
	if (!Number.isInteger(contextWindow) || contextWindow < 1024)
		throw new Error(`--context must be a whole number of tokens (at least 1024), got ${contextWindow}`);
	const wrap = f.wrap as LongbenchWrap | undefined;
	if (wrap !== undefined && !LONGBENCH_WRAPS.includes(wrap)) throw new Error(`--wrap must be one of ${LONGBENCH_WRAPS.join(', ')}, got "${wrap}"`);
	const datasets = typeof f.dataset === 'string' ? f.dataset.split(',').map((d) => d.trim()).filter(Boolean) : undefined;
	return {
		source: f.input,
		contextWindow,
		...(datasets ? { datasets } : {}),
		...(f.limit !== undefined ? { maxPerDataset: f.limit } : {}),
		...(wrap ? { wrap } : {})
	};
}

export const longbenchTask: TaskSpec<'longbench', QaGold, LongbenchSettings> = {
	name: 'longbench',
	label: 'LongBench long-document QA',
	goldKind: 'qa',
	goldShape: { dataset: 'string', answers: 'strings', allClasses: 'optional-strings-or-null' },
	view: 'datasets',
	settings: {
		defaults: {},
		fields: [
			{
				key: 'longbenchUrl',
				param: 'longbench',
				kind: 'url',
				label: 'LongBench data (a URL of LongBench JSONL rows; empty: the offline demo set)',
				placeholder: LONGBENCH_DEMO_URL
			},
			{ key: 'longbenchFile', kind: 'rows-file', urlKey: 'longbenchUrl' }
		],
		knobs: []
	},
	exportFile: 'sample_longbench.jsonl',
	// A picked file (its stored rows) first, else a URL of LongBench JSONL, else the offline demo set; prompts fit
	// the context setting.
	options(s: S) {
		const file = s.longbenchFile;
		if (file?.rowsKey) return { source: `file:${file.name}`, rowsKey: file.rowsKey, contextWindow: s.contextTokens };
		return { source: s.longbenchUrl || LONGBENCH_DEMO_URL, contextWindow: s.contextTokens };
	},
	windowNeeded: () => 0,
	// A chosen file blocks the start until its rows are stored: falling back to the URL or the demo set behind the
	// user's back would run the wrong data.
	problems: (s: S): Record<string, string> =>
		s.longbenchFile && !s.longbenchFile.rowsKey
			? { longbenchFile: 'The picked LongBench file is not ready: wait for its import, or remove it to use the URL or the demo set.' }
			: {},
	build,
	score: (gold, prediction) => scoreQa(gold, prediction),
	goldText: (gold) => gold.answers.join(' | '),
	expected(gold) {
		const text = gold.answers.find((a) => a.trim())?.trim();
		return text ? ' ' + text : undefined;
	},
	reference: longbenchReference,
	syntheticGold: (key) => ({ kind: 'qa', dataset: 'narrativeqa', answers: [`answer ${key}`] }),
	cli: {
		usage: '--input FILE.jsonl [--dataset NAME[,NAME]] [--wrap inst|film|plain] [--limit N] [--context-tokens N (32768)]',
		flags: { input: 'string', dataset: 'string', wrap: 'string', limit: 'int', 'context-tokens': 'int' },
		options: cliOptions,
		rows: toProbeRows,
		scoreFile: {
			flags: { 'qa-cut': 'string' },
			score(text, file, pair, flags) {
				const qaCut = (flags['qa-cut'] as string | undefined) ?? 'film';
				if (qaCut !== 'film' && qaCut !== 'none') throw new Error(`--qa-cut must be film or none, got ${JSON.stringify(qaCut)}`);
				const rows = parseProbeRows(text, file);
				const { summary } = scoreProbeRows(rows, pair(rows.map((r) => r.id)), qaCut === 'none' ? { qaCut: 'none' } : {});
				return { json: summary, text: formatSummary(summary) };
			}
		}
	}
};
