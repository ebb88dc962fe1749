// The registry entry shared by FILM's three VaL probes: the same settings, plan builder, CLI flags and reference
// answerer; each task folder adds its own scoring, gold text and probe-file fields.
import type { Gold, ProbePlan } from '$lib/types';
import type { FilmItems, FilmTaskName } from './film-items';
import type { CommonSettings, ProbeRowCodec, TaskCli, TaskSpec } from './spec';
import { filmReference } from './film-reference';
import { planRowsWith } from './probe-row';

export interface FilmTaskParts<G extends { kind: string }> {
	label: string;
	goldShape: TaskSpec['goldShape'];
	score(gold: G, prediction: string): number;
	goldText(gold: G): string;
	syntheticGold(key: string, setId: number, position: number): G;
	probeRow: ProbeRowCodec<G>;
	exportFile: string;
}

export const FILM_CLI_FLAGS: TaskCli['flags'] = { sets: 'int', 'context-tokens': 'int', positions: 'int', seed: 'int', items: 'int' };

/** Plan options from `probe build` flags; every whole context is tokenized once more to check the per-item sums. */
export function filmCliOptions(f: Record<string, unknown>): Record<string, unknown> {
	const o = { sets: f.sets, contextTokens: f['context-tokens'], positions: f.positions, seed: f.seed, items: f.items, verify: true };
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function filmTaskSpec<N extends FilmTaskName, Row, G extends { kind: N }>(items: FilmItems<Row, G>, parts: FilmTaskParts<NoInfer<G>>): TaskSpec<N, G, object> {
	return {
		name: items.task as N,
		label: parts.label,
		goldKind: items.task as N,
		goldShape: parts.goldShape,
		view: 'positions',
		settings: { defaults: {}, fields: [], knobs: ['contextTokens', 'positions'] },
		exportFile: parts.exportFile,
		options: (s: CommonSettings) => ({ sets: s.sets, contextTokens: s.contextTokens, seed: s.seed, ...(s.positions === null ? {} : { positions: s.positions }) }),
		windowNeeded: (s: CommonSettings) => s.contextTokens,
		problems: () => ({}),
		async build(options, deps) {
			const [{ buildFilmPlan }, pools, tok] = await Promise.all([import('./film-plan'), deps.pools(), deps.tokenizer()]);
			const o = options as { sets?: number; contextTokens?: number; positions?: number | null; seed?: number; items?: number | null; verify?: boolean };
			const plan = buildFilmPlan(items.task, pools, tok, {
				sets: o.sets,
				contextTokens: o.contextTokens,
				seed: o.seed,
				positions: o.positions ?? undefined,
				items: o.items ?? undefined,
				verify: o.verify === true
			});
			return { plan };
		},
		score: parts.score,
		goldText: parts.goldText,
		expected(gold) {
			const text = parts.goldText(gold).trim();
			return text ? ' ' + text : undefined;
		},
		reference: (plans: readonly ProbePlan[]) => filmReference(items, plans),
		syntheticGold: parts.syntheticGold,
		probeRow: parts.probeRow,
		cli: {
			usage: '[--sets N (4)] [--context-tokens N (32768)] [--positions N] [--seed S (0)] [--items N]',
			flags: FILM_CLI_FLAGS,
			options: filmCliOptions,
			rows: planRowsWith(parts.probeRow)
		}
	};
}

export type { Gold };
