// Builds VaL probe sets: draw items, keep every prompt inside the window, keep every key unambiguous, ask every
// position. Deterministic for a seed.
import type { Probe, ProbeContext, ProbePlan } from '$lib/types';
import { itemTokenOffsets, fitItemCount } from '$lib/tokenize/context';
import { countAfterNewline, type TextTokenizer } from '$lib/tokenize/tokenizer';
import { FILM_TASKS, type FilmTaskName, type FilmTaskSpec } from './film-tasks';
import type { FilmPools } from './pools';
import { FILM_HEAD, FILM_MAX_NEW_TOKENS, filmSuffix } from './prompt';
import { createRng, evenPositions, permutation } from './rng';
import { occurrencesOfAll } from './ambiguity';

export interface FilmPlanOptions {
	/** Independent sets (contexts), 4 in the paper. */
	sets?: number;
	/** Window for template + context + question + answer room; 32,768 reproduces the paper's item counts. */
	contextTokens?: number;
	/** Items per context; default: the paper's count at 32,768 tokens, else as many as fit. */
	items?: number;
	/** Ask only this many positions per set, spread evenly (a quick look); default: every position. */
	positions?: number;
	seed?: number;
	/** Tokens kept free for the answer. */
	answerTokens?: number;
	/** Tokenize each whole context once more and check it against the per-item sums (tests, CLI). */
	verify?: boolean;
}

export const PAPER_CONTEXT_TOKENS = 32768;
/** Token slack when a first item's newline-start count differs from its after-space count. */
const FIRST_ITEM_SLACK = 2;

export function buildFilmPlan(task: FilmTaskName, pools: FilmPools, tok: TextTokenizer, opts: FilmPlanOptions = {}): ProbePlan {
	const spec = FILM_TASKS[task] as FilmTaskSpec<unknown>;
	const pool = pools[task] as unknown[];
	const o = resolveOptions(opts);
	const headTokens = tok.encode(FILM_HEAD).length;
	const contexts: ProbeContext[] = [];
	const probes: Probe[] = [];
	let redraws = 0;
	for (let setId = 0; setId < o.sets; setId++) {
		const set = drawSet(spec, pool, tok, o, headTokens, setId);
		redraws += set.redraws;
		const rows = set.rows;
		const rendered = rows.map((r) => spec.render(r));
		// Counts from the draw are after-space counts; only the first item reads differently (after a newline).
		const counts = set.costs.map((c) => c.item);
		counts[0] = countAfterNewline(tok, rendered[0]);
		const offsets = itemTokenOffsets(headTokens, counts);
		const context = rendered.join(' ');
		const prefix = FILM_HEAD + context;
		const contextTokens = counts.reduce((a, b) => a + b, 0);
		if (o.verify && tok.encode(prefix).length !== headTokens + contextTokens) {
			throw new Error(`${task} set ${setId}: per-item token counts do not add up to the whole context`);
		}
		const contextId = `${task}-s${setId}`;
		const charOffsets: number[] = [];
		let at = FILM_HEAD.length;
		for (const r of rendered) {
			charOffsets.push(at);
			at += r.length + 1;
		}
		contexts.push({
			id: contextId,
			task,
			setId,
			prefix,
			prefixTokens: 1 + headTokens + contextTokens,
			itemCount: rows.length,
			itemTokenOffsets: offsets,
			itemCharOffsets: charOffsets
		});
		const positions = o.positions ? evenPositions(rows.length, o.positions) : rows.map((_, i) => i);
		for (const pos of positions) {
			const key = spec.key(rows[pos]);
			const instruction = spec.instruction(key);
			const suffix = filmSuffix(instruction);
			probes.push({
				id: `${contextId}-p${pos}`,
				task,
				contextId,
				setId,
				positionId: pos,
				suffix,
				instruction,
				key,
				gold: spec.gold(rows[pos]),
				tokenOffset: offsets[pos],
				promptTokens: 1 + headTokens + contextTokens + set.costs[pos].suffix,
				maxNewTokens: o.answerTokens
			});
		}
	}
	return { task, taskVersion: spec.version, options: { ...o }, contexts, probes, redraws };
}

type Resolved = Required<Omit<FilmPlanOptions, 'items' | 'positions'>> & { items: number | null; positions: number | null };

function resolveOptions(opts: FilmPlanOptions): Resolved {
	const contextTokens = opts.contextTokens ?? PAPER_CONTEXT_TOKENS;
	const o: Resolved = {
		sets: opts.sets ?? 4,
		contextTokens,
		items: opts.items ?? null,
		positions: opts.positions ?? null,
		seed: opts.seed ?? 0,
		answerTokens: opts.answerTokens ?? FILM_MAX_NEW_TOKENS,
		verify: opts.verify ?? false
	};
	for (const [name, v] of Object.entries({ sets: o.sets, contextTokens, items: o.items, positions: o.positions })) {
		if (v !== null && (!Number.isInteger(v) || v < 1)) throw new Error(`--${kebab(name)} must be a positive integer (got ${v})`);
	}
	return o;
}

function kebab(s: string): string {
	return s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

interface Cost {
	/** Tokens of the rendered item after a joining space. */
	item: number;
	/** Tokens of the question suffix that asks for it. */
	suffix: number;
}

interface DrawnSet {
	rows: unknown[];
	costs: Cost[];
	redraws: number;
}

/**
 * Draw the items of one set. Over-long sets swap their longest item for a shorter fresh draw; a key that occurs
 * more than once in the context gets its item re-drawn. Both count as redraws.
 */
function drawSet(spec: FilmTaskSpec<unknown>, pool: unknown[], tok: TextTokenizer, o: Resolved, headTokens: number, setId: number): DrawnSet {
	const rng = createRng(`${o.seed}:${spec.task}:${setId}`);
	const order = permutation(rng, pool.length);
	let cursor = 0;
	const usedKeys = new Set<string>();
	const next = (): number => {
		while (cursor < order.length) {
			const idx = order[cursor++];
			const key = spec.key(pool[idx]);
			if (!usedKeys.has(key)) return idx;
		}
		throw new Error(`${spec.task}: the pool ran out of items while drawing set ${setId}`);
	};
	const suffixTokens = suffixCounter(tok);
	const cost = (idx: number): Cost => {
		const key = spec.key(pool[idx]);
		return { item: tok.encode(spec.render(pool[idx])).length, suffix: suffixTokens(filmSuffix(spec.instruction(key)), key) };
	};
	const room = (maxSuffix: number) => o.contextTokens - o.answerTokens - 1 - headTokens - maxSuffix - FIRST_ITEM_SLACK;

	const chosen: number[] = [];
	const costs: Cost[] = [];
	const take = (idx: number) => {
		chosen.push(idx);
		costs.push(cost(idx));
		usedKeys.add(spec.key(pool[idx]));
	};
	const target = o.items ?? (o.contextTokens === PAPER_CONTEXT_TOKENS ? spec.paperItems : null);
	if (target !== null) {
		for (let i = 0; i < target; i++) take(next());
	} else {
		// Draw until the window is surely full, then keep the largest prefix that fits.
		let sum = 0;
		let maxSuffix = 0;
		while (sum <= room(maxSuffix)) {
			take(next());
			sum += costs[costs.length - 1].item;
			maxSuffix = Math.max(maxSuffix, costs[costs.length - 1].suffix);
		}
		const n = fitItemCount(costs.map((c) => c.item), room(Math.max(...costs.map((c) => c.suffix))));
		if (n < 1) throw new Error(`--context-tokens ${o.contextTokens} is too small for even one ${spec.task} item`);
		chosen.length = n;
		costs.length = n;
	}

	let redraws = 0;
	const replace = (i: number, accept: (c: Cost) => boolean) => {
		usedKeys.delete(spec.key(pool[chosen[i]]));
		for (;;) {
			const idx = next();
			const c = cost(idx);
			if (!accept(c)) continue;
			chosen[i] = idx;
			costs[i] = c;
			usedKeys.add(spec.key(pool[idx]));
			redraws++;
			return;
		}
	};
	for (;;) {
		let sum = costs.reduce((a, c) => a + c.item, 0);
		while (sum > room(Math.max(...costs.map((c) => c.suffix)))) {
			let longest = 0;
			for (let i = 1; i < costs.length; i++) if (costs[i].item > costs[longest].item) longest = i;
			const limit = costs[longest].item;
			replace(longest, (c) => c.item < limit);
			sum = costs.reduce((a, c) => a + c.item, 0);
		}
		const text = chosen.map((idx) => spec.render(pool[idx])).join(' ');
		const found = occurrencesOfAll(spec.task, text, chosen.map((idx) => spec.key(pool[idx])));
		const ambiguous = found.flatMap((n, i) => (n === 1 ? [] : [i]));
		if (!ambiguous.length) break;
		for (const i of ambiguous) replace(i, () => true);
	}
	return { rows: chosen.map((i) => pool[i]), costs, redraws };
}

/**
 * Tokens of a question suffix, cheaply: the part before the space that precedes the key is the same for every
 * question of a task (counted once), and that space is a hard token boundary, so only the rest needs encoding.
 */
function suffixCounter(tok: TextTokenizer): (suffix: string, key: string) => number {
	const heads = new Map<string, number>();
	return (suffix, key) => {
		const cut = suffix.lastIndexOf(' ', suffix.indexOf(key));
		if (cut <= 0 || suffix[cut + 1] === ' ') return countAfterNewline(tok, suffix);
		const head = suffix.slice(0, cut);
		let n = heads.get(head);
		if (n === undefined) heads.set(head, (n = countAfterNewline(tok, head)));
		return n + tok.encode(suffix.slice(cut + 1)).length;
	};
}
