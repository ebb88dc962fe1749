// What a user chooses on the new-run page, as plain data: presets, defaults and a validator.
// Nothing here is secret: an API key lives in the OpenAI engine's key store and never enters RunSettings.
import type { TaskName } from '$lib/types';
import type { CommonSettings } from '$lib/tasks/spec';
import type { LongbenchFileChoice } from '$lib/tasks/longbench/spec';
import { taskSpec, taskSpecs, type TASKS } from '$lib/tasks/registry';

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

/** The settings each registered task adds (niah's grid, LongBench's data source …), joined into one type. */
type TaskSettings = UnionToIntersection<(typeof TASKS)[number] extends infer T ? (T extends { settings: { defaults: infer S } } ? S : never) : never>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export type RunSettings = CommonSettings &
	TaskSettings & {
		preset: PresetId | 'custom';
		name: string;
		tasks: TaskName[];
		engine: EngineChoice;
		/** Reproduce the paper plot script's off-by-one bucket averaging. */
		paperBuckets: boolean;
	};

export type { LongbenchFileChoice };

const base = {
	preset: 'quick',
	name: '',
	tasks: ['document', 'code', 'database'],
	engine: { kind: 'oracle' },
	sets: 1,
	positions: 16,
	contextTokens: 8192,
	seed: 0,
	paperBuckets: false,
	...Object.assign({}, ...taskSpecs().map((t) => t.settings.defaults))
} as RunSettings;

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

/** FILM-7B from an MLC weight folder the user hosts (the converted FILM-7B needs no URL: it is in this browser). */
export function isHostedFilmId(id: string): boolean {
	return /^FILM-7B-q4f(16|32)_1-MLC$/.test(id);
}

/** Problems with the settings, by field, in words; empty when the run can start. */
export function settingsProblems(s: RunSettings): Partial<Record<keyof RunSettings, string>> {
	const out: Partial<Record<keyof RunSettings, string>> & Record<string, string> = {};
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
	for (const t of s.tasks) Object.assign(out, taskSpec(t).problems(s));
	if (s.engine.kind === 'webllm' && !s.engine.modelId) out.engine = 'Choose a model.';
	else if (s.engine.kind === 'webllm' && isHostedFilmId(s.engine.modelId) && !/^https?:\/\/\S+$/i.test(s.engine.weightsUrl ?? ''))
		out.engine = 'Give the URL of your FILM-7B MLC weight folder (see Models for how to make one).';
	const window = s.engine.kind === 'webllm' ? s.engine.contextWindow : s.engine.kind === 'openai' ? s.engine.maxContext : Infinity;
	const needs = Math.max(0, ...s.tasks.map((t) => taskSpec(t).windowNeeded(s)));
	if (!out.engine && needs > window)
		out.engine = `The model's window (${window} tokens) is smaller than the contexts asked for (${needs} tokens).`;
	return out;
}
