// What a task is, as the rest of the app sees it. Each task folder exports one TaskSpec and tasks/registry.ts
// lists them; plans, scoring, settings, share links, estimates, exports, the reference engine and the CLI ask
// the registry instead of naming tasks. Types only.
import type { ProbePlan } from '$lib/types';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import type { FilmPools } from './pools';
import type { ByteSource } from './longbench/lines';
import type { LongbenchRow } from './longbench/row';

/** Where a plan's data comes from. The browser and the CLI each give their own. */
export interface PlanDeps {
	pools: () => Promise<FilmPools>;
	tokenizer: () => Promise<TextTokenizer>;
	/** Reads data from a URL (the browser's fetch by default). */
	fetcher?: typeof fetch;
	/** The stored rows of a picked data file, by key (default: the browser's IndexedDB record). */
	longbenchRows?: (rowsKey: string, fileName: string) => Promise<LongbenchRow[]>;
	/** Opens a named data source (the CLI: a file on disk); without it a source is fetched as a URL. */
	open?: (source: string) => { bytes: ByteSource; name: string };
}

/** A plan and, for tasks that import data, what the import kept and skipped (printed by the CLI). */
export interface BuiltPlan {
	plan: ProbePlan;
	report?: object;
}

/** The run settings every task may read (the new-run page's shared knobs). */
export interface CommonSettings {
	/** Independent contexts per task. */
	sets: number;
	/** Questions per context, spread evenly; null asks every position. */
	positions: number | null;
	/** Tokens per context window. */
	contextTokens: number;
	seed: number;
}

/** Which shared knobs the task picker shows when this task is chosen (sets and seed are always shown). */
export type SharedKnob = 'contextTokens' | 'positions';

/** A task's own setting: where it lives in the run settings, how a share link carries it, how it is edited. */
export interface SettingField {
	key: string;
	/** The query parameter of share links; absent for what never goes into a link (a picked file). */
	param?: string;
	/** 'rows-file': files picked or dropped on the page, their rows kept in this browser. */
	kind: 'ints' | 'url' | 'rows-file';
	/** For 'rows-file': the URL field it sets aside while a file is chosen. */
	urlKey?: string;
	/** Bounds of each number (kind 'ints'). */
	min?: number;
	max?: number;
	/** Shown on the new-run page when set; fields without a label keep their value and travel in links only. */
	label?: string;
	placeholder?: string;
}

/** How a run's results of this task are drawn: bucketed positions, a length × depth grid, per-dataset scores. */
export type ResultView = 'positions' | 'grid' | 'datasets';

/** The gold's fields as stored records must hold them (checked on every read and import). */
export type GoldShape = Record<string, 'string' | 'strings' | 'optional-strings-or-null'>;

/**
 * The reference answer to a prompt, read from the prompt itself (as any engine must), or null when the prompt
 * is not one of this task's questions. `prefix` is the shared context when the caller knows it (a cheap look-up).
 */
export type Reference = (prompt: string, prefix?: string) => string | null;

export type CliFlagKind = 'string' | 'int' | 'bool' | 'list';
export type CliFlags = Record<string, string | number | boolean | number[] | undefined>;

/** How `probe build` and `probe score` handle the task's probe files. */
export interface TaskCli {
	/** The task's own options in the usage text, e.g. `[--lengths 4096,8192,…]`. */
	usage: string;
	flags: Record<string, CliFlagKind>;
	/** Plan options from the parsed flags; throws with a message that names the flag when one is wrong. */
	options(flags: CliFlags): Record<string, unknown>;
	/** The probe-file lines of a plan, as objects (written one JSON object a line). */
	rows(plan: ProbePlan): Iterable<object>;
	/** Tasks whose probe files have their own row format score them here; the others go through `probeRow`. */
	scoreFile?: {
		flags: Record<string, CliFlagKind>;
		/** Validates the rows, pairs them with answers by id (`pair`), scores them; a JSON summary and a table. */
		score(text: string, file: string, pair: (ids: readonly string[]) => (string | null)[], flags: CliFlags): { json: object; text: string };
	};
}

/** The gold fields of a common probe-file row (FILM's own field names where FILM has them). */
export interface ProbeRowCodec<G> {
	write(gold: G): Record<string, string>;
	/** `field` returns a row's string field or throws a message naming it. */
	read(field: (name: string) => string): G;
}

export interface TaskSpec<N extends string = string, G extends { kind: string } = { kind: string }, S extends object = object> {
	readonly name: N;
	/** As the task picker, charts and tables name it. */
	readonly label: string;
	readonly goldKind: G['kind'];
	readonly goldShape: GoldShape;
	readonly view: ResultView;
	/** The task's own settings and their defaults; they join the run settings. */
	readonly settings: { defaults: S; fields: readonly SettingField[]; knobs: readonly SharedKnob[] };
	/** The FILM-format answer file's name (`sample_….jsonl`), for the paper's own plot script. */
	readonly exportFile: string;
	/** Plan options from the run settings; stored in the run record, and enough to rebuild the plan. */
	options(s: CommonSettings & S): Record<string, unknown>;
	/** Tokens the longest prompt plus its answer may need, for the window check (0: the task fits its own). */
	windowNeeded(s: CommonSettings & S): number;
	/** What blocks a run of this task, by settings field. */
	problems(s: CommonSettings & S): Record<string, string>;
	build(options: Record<string, unknown>, deps: PlanDeps): Promise<BuiltPlan>;
	/** Score of one answer in 0…1. Pure. */
	score(gold: G, prediction: string): number;
	/** The gold as one line of text: answer browser, CSV export. */
	goldText(gold: G): string;
	/** What a good model likely writes (a draft for batched answers); a speed hint only. */
	expected(gold: G): string | undefined;
	/** The perfect-retrieval answerer for these plans (possibly none of this task, e.g. in the CLI). */
	reference(plans: readonly ProbePlan[]): Reference;
	/** A made-up gold for a key, for synthetic plans (runner tests, benchmarks). */
	syntheticGold(key: string, setId: number, position: number): G;
	/** The gold's fields in common probe files; absent for tasks with their own row format. */
	readonly probeRow?: ProbeRowCodec<G>;
	/** For 'grid' views: the cell of a context, from its id. */
	gridCell?(contextId: string): { length: number; depth: number } | null;
	readonly cli: TaskCli;
}
