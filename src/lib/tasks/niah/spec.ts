// Needle in a haystack in the registry (SPEC.md §4): a length × depth grid, the needle's number as a substring.
import type { ProbePlan } from '$lib/types';
import { needleScore } from '$lib/scoring/substring';
import { filmPromptParts } from '../instructions';
import { planRowsWith } from '../probe-row';
import type { CommonSettings, TaskSpec } from '../spec';

export interface NiahGold {
	kind: 'niah';
	value: string;
}

export interface NiahSettings {
	/** Context lengths of the grid, in tokens. */
	niahLengths: number[];
	/** Insertion depths of the grid, in percent. */
	niahDepths: number[];
}

type S = CommonSettings & NiahSettings;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The needle task names its contexts `niah-L{length}-d{depth}-s{set}`; a heatmap cell comes from there. */
export function needleCell(contextId: string): { length: number; depth: number } | null {
	const m = /^niah-L(\d+)-d(\d+)-s\d+$/.exec(contextId);
	return m ? { length: Number(m[1]), depth: Number(m[2]) } : null;
}

function needleReference() {
	return (prompt: string, knownPrefix?: string): string | null => {
		const parts = filmPromptParts(prompt, knownPrefix);
		const word = parts && /special magic number for (.+?) mentioned in the provided text/.exec(parts.instruction)?.[1];
		if (!parts || !word) return null;
		return new RegExp(`The special magic number for ${escapeRe(word)} is: (\\d+)\\.`).exec(parts.prefix)?.[1] ?? '';
	};
}

const probeRow = {
	write: (g: NiahGold) => ({ completion: g.value }),
	read: (field: (name: string) => string): NiahGold => ({ kind: 'niah', value: field('completion') })
};

export const niahTask: TaskSpec<'niah', NiahGold, NiahSettings> = {
	name: 'niah',
	label: 'Needle in a haystack',
	goldKind: 'niah',
	goldShape: { value: 'string' },
	view: 'grid',
	settings: {
		defaults: { niahLengths: [4096, 8192, 16384, 32768], niahDepths: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
		fields: [
			{ key: 'niahLengths', param: 'lengths', kind: 'ints', min: 256, max: 1_048_576 },
			{ key: 'niahDepths', param: 'depths', kind: 'ints', min: 0, max: 100 }
		],
		knobs: []
	},
	exportFile: 'sample_niah.jsonl',
	options: (s: S) => ({ lengths: s.niahLengths, depths: s.niahDepths, sets: s.sets, seed: s.seed }),
	windowNeeded: (s: S) => Math.max(0, ...s.niahLengths),
	problems: () => ({}),
	async build(options, deps) {
		const [{ buildNiahPlan }, pools, tok] = await Promise.all([import('./plan'), deps.pools(), deps.tokenizer()]);
		return { plan: buildNiahPlan(pools.document, tok, options as { lengths?: number[]; depths?: number[]; sets?: number; seed?: number }) };
	},
	score: (gold, prediction) => needleScore(gold.value, prediction),
	goldText: (gold) => gold.value,
	expected: (gold) => (gold.value.trim() ? ' ' + gold.value.trim() : undefined),
	reference: (_plans: readonly ProbePlan[]) => needleReference(),
	syntheticGold: (key) => ({ kind: 'niah', value: key }),
	probeRow,
	gridCell: needleCell,
	cli: {
		usage: '[--lengths 4096,8192,…] [--depths 0,10,…,100] [--sets N (1)] [--seed S (0)]',
		flags: { lengths: 'list', depths: 'list', sets: 'int', seed: 'int' },
		options: (f) => Object.fromEntries(Object.entries({ lengths: f.lengths, depths: f.depths, sets: f.sets, seed: f.seed }).filter(([, v]) => v !== undefined)),
		rows: planRowsWith(probeRow)
	}
};
