// What a user chooses on the new-run page, as plain data: presets, defaults and a validator.
// Nothing here is secret: an API key lives in the OpenAI engine's key store and never enters RunSettings.
import type { TaskName } from '$lib/types';

export type PresetId = 'quick' | 'paper' | 'needle' | 'longdoc';

export type EngineChoice =
	| { kind: 'oracle' }
	| {
			kind: 'webllm';
			modelId: string;
			contextWindow: number;
			/** FILM-7B and custom models: the MLC weight folder's URL. */
			weightsUrl?: string;
			/** Answer a context's questions together on forked KV sequences (identical answers); on unless false. */
			batch?: boolean;
	  }
	| { kind: 'openai'; baseUrl: string; model: string; maxContext: number };

export interface RunSettings {
	preset: PresetId | 'custom';
	name: string;
	tasks: TaskName[];
	engine: EngineChoice;
	/** FILM probing: independent contexts per task (4 in the paper). */
	sets: number;
	/** Questions per set, spread evenly; null asks every position (the paper). */
	positions: number | null;
	/** FILM probing: tokens per context window (32,768 in the paper). */
	contextTokens: number;
	seed: number;
	/** Reproduce the paper plot script's off-by-one bucket averaging. */
	paperBuckets: boolean;
	niahLengths: number[];
	niahDepths: number[];
	/** LongBench: a URL of LongBench JSONL rows; empty means the offline demo set that ships with the app. */
	longbenchUrl?: string;
	/** LongBench: a picked or dropped file, which takes precedence over the URL while chosen. Never in a link. */
	longbenchFile?: LongbenchFileChoice | null;
}

/** A picked LongBench file as the settings see it: its kept rows live in IndexedDB (store/longbench-rows.ts). */
export interface LongbenchFileChoice {
	/** The file name (several joined by ", "), recorded as the plan source "file:NAME". */
	name: string;
	/** Content key of the stored rows; null while the file is being imported, or when it could not be kept. */
	rowsKey: string | null;
	rows: number;
}

export const FILM_TASK_NAMES = ['document', 'code', 'database'] as const;
export const ALL_TASKS: TaskName[] = ['document', 'code', 'database', 'niah', 'longbench'];

export const TASK_LABELS: Record<TaskName, string> = {
	document: 'Document (sentences, bi-directional)',
	code: 'Code (functions, backward)',
	database: 'Database (entities, forward)',
	niah: 'Needle in a haystack',
	longbench: 'LongBench long-document QA'
};

const base: RunSettings = {
	preset: 'quick',
	name: '',
	tasks: ['document', 'code', 'database'],
	engine: { kind: 'oracle' },
	sets: 1,
	positions: 16,
	contextTokens: 8192,
	seed: 0,
	paperBuckets: false,
	niahLengths: [4096, 8192, 16384, 32768],
	niahDepths: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
};

export interface Preset {
	id: PresetId;
	title: string;
	summary: string;
	settings: Partial<RunSettings>;
}

export const PRESETS: Preset[] = [
	{
		id: 'quick',
		title: 'Quick look',
		summary: 'The three FILM probes on one 8K-token context each, 16 questions per task: a first curve in minutes.',
		settings: { tasks: ['document', 'code', 'database'], sets: 1, positions: 16, contextTokens: 8192 }
	},
	{
		id: 'paper',
		title: 'Paper replication',
		summary: 'FILM’s VaL probing as published: 4 contexts of ~32K tokens per task, every position asked (9,400 questions).',
		settings: { tasks: ['document', 'code', 'database'], sets: 4, positions: null, contextTokens: 32768 }
	},
	{
		id: 'needle',
		title: 'Needle in a haystack',
		summary: 'One hidden number at 11 depths in 4K–32K contexts, drawn as a length × depth heatmap.',
		settings: { tasks: ['niah'], sets: 1 }
	},
	{
		id: 'longdoc',
		title: 'Long-document QA',
		summary: 'Real long-document QA scored like LongBench: the offline demo set, or LongBench data from a URL you give.',
		settings: { tasks: ['longbench'], sets: 1 }
	}
];

export function presetSettings(id: PresetId, engine?: EngineChoice): RunSettings {
	const p = PRESETS.find((x) => x.id === id) ?? PRESETS[0];
	return { ...structuredClone(base), ...structuredClone(p.settings), preset: p.id, engine: engine ?? { kind: 'oracle' } };
}

export function defaultSettings(): RunSettings {
	return presetSettings('quick');
}

/** Problems with the settings, by field, in words; empty when the run can start. */
export function settingsProblems(s: RunSettings): Partial<Record<keyof RunSettings, string>> {
	const out: Partial<Record<keyof RunSettings, string>> = {};
	if (!s.tasks.length) out.tasks = 'Choose at least one task.';
	if (!Number.isInteger(s.sets) || s.sets < 1 || s.sets > 16) out.sets = 'Sets must be a whole number from 1 to 16.';
	if (s.positions !== null && (!Number.isInteger(s.positions) || s.positions < 1))
		out.positions = 'Questions per set must be a positive whole number, or every position.';
	if (!Number.isInteger(s.contextTokens) || s.contextTokens < 1024 || s.contextTokens > 131072)
		out.contextTokens = 'The context must be between 1,024 and 131,072 tokens.';
	if (!Number.isInteger(s.seed) || s.seed < 0) out.seed = 'The seed must be a whole number ≥ 0.';
	if (s.engine.kind === 'openai') {
		if (!/^https?:\/\/\S+$/i.test(s.engine.baseUrl)) out.engine = 'Give the endpoint as an http(s) URL.';
		else if (!s.engine.model.trim()) out.engine = 'Name the model the endpoint serves.';
	}
	// A chosen file blocks the start until its rows are stored: falling back to the URL or the demo set
	// behind the user's back would run the wrong data.
	if (s.tasks.includes('longbench') && s.longbenchFile && !s.longbenchFile.rowsKey)
		out.longbenchFile = 'The picked LongBench file is not ready: wait for its import, or remove it to use the URL or the demo set.';
	if (s.engine.kind === 'webllm' && !s.engine.modelId) out.engine = 'Choose a model.';
	else if (s.engine.kind === 'webllm' && s.engine.modelId.startsWith('FILM-7B') && !/^https?:\/\/\S+$/i.test(s.engine.weightsUrl ?? ''))
		out.engine = 'Give the URL of your FILM-7B MLC weight folder (see Models for how to make one).';
	const window = s.engine.kind === 'webllm' ? s.engine.contextWindow : s.engine.kind === 'openai' ? s.engine.maxContext : Infinity;
	const needs = Math.max(
		s.tasks.some((t) => (FILM_TASK_NAMES as readonly string[]).includes(t)) ? s.contextTokens : 0,
		s.tasks.includes('niah') ? Math.max(0, ...s.niahLengths) : 0
	);
	if (!out.engine && needs > window)
		out.engine = `The model's window (${window} tokens) is smaller than the contexts asked for (${needs} tokens).`;
	return out;
}
