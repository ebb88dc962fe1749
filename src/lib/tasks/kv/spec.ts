// Key–value retrieval in the registry ("Lost in the Middle", Liu et al. 2023): a JSON object of random UUID
// pairs, the asked key at every position, scored by exact match of the value. Everything the app and the CLI
// need of it is here; no other file names it.
import { planRowsWith } from '../probe-row';
import type { CommonSettings, TaskSpec } from '../spec';
import { kvReference } from './reference';
import { kvScore } from './score';

export interface KvGold {
	kind: 'kv';
	value: string;
}

const probeRow = {
	write: (g: KvGold) => ({ completion: g.value }),
	read: (field: (name: string) => string): KvGold => ({ kind: 'kv', value: field('completion') })
};

export const kvTask: TaskSpec<'kv', KvGold, object> = {
	name: 'kv',
	label: 'Key–value retrieval (JSON of UUIDs, Lost in the Middle)',
	goldKind: 'kv',
	goldShape: { value: 'string' },
	view: 'positions',
	settings: { defaults: {}, fields: [], knobs: ['contextTokens', 'positions'] },
	exportFile: 'sample_kv_retrieval.jsonl',
	options: (s: CommonSettings) => ({ sets: s.sets, contextTokens: s.contextTokens, seed: s.seed, ...(s.positions === null ? {} : { positions: s.positions }) }),
	windowNeeded: (s: CommonSettings) => s.contextTokens,
	problems: () => ({}),
	async build(options, deps) {
		const [{ buildKvPlan }, tok] = await Promise.all([import('./plan'), deps.tokenizer()]);
		return { plan: buildKvPlan(tok, options as never) };
	},
	score: (gold, prediction) => kvScore(gold.value, prediction),
	goldText: (gold) => gold.value,
	expected: (gold) => ' ' + gold.value,
	reference: () => kvReference(),
	syntheticGold: (key) => ({ kind: 'kv', value: key }),
	probeRow,
	cli: {
		usage: '[--sets N (4)] [--context-tokens N (32768)] [--keys N] [--positions N] [--seed S (0)]',
		flags: { sets: 'int', 'context-tokens': 'int', positions: 'int', seed: 'int', keys: 'int' },
		options: (f) => {
			const o = { sets: f.sets, contextTokens: f['context-tokens'], keys: f.keys, positions: f.positions, seed: f.seed, verify: true };
			return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
		},
		rows: planRowsWith(probeRow)
	}
};
