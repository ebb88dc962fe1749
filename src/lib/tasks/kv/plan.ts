// Key–value retrieval as in "Lost in the Middle" (Liu et al. 2023, §3): a JSON object of random UUID keys and
// UUID values, one key asked at every position. Built token-exact like the FILM probes and seeded, so the same
// options give the same plan in Node and every browser.
import type { Probe, ProbeContext, ProbePlan } from '$lib/types';
import { fitItemCount, itemTokenOffsets } from '$lib/tokenize/context';
import { countAfterNewline, type TextTokenizer } from '$lib/tokenize/tokenizer';
import { FILM_HEAD, filmSuffix } from '../prompt';
import { createRng, evenPositions, randInt } from '../rng';
import { kvInstruction } from './prompt';

export const KV_VERSION = 'kv-uuid-1';

export interface KvOptions {
	/** Independent JSON objects (contexts). */
	sets?: number;
	/** Window for template + object + question + answer room. */
	contextTokens?: number;
	/** Records per object; default: as many as fit the window. */
	keys?: number;
	/** Ask only this many positions per object, spread evenly; default: every position. */
	positions?: number;
	seed?: number;
	/** Tokens kept for the answer: a UUID is about 25 tokens, and models often repeat the key before the value. */
	answerTokens?: number;
	/** Tokenize each whole context once more and check it against the per-record sums (tests, CLI). */
	verify?: boolean;
}

export const KV_ANSWER_TOKENS = 100;
/** Token slack for the last record, which closes the object with `}` instead of `,\n`. */
const LAST_ITEM_SLACK = 2;

/** A version-4 UUID from the seeded stream: 32 hex digits, the version nibble 4 and the variant bits 10. */
export function seededUuid(rng: () => number): string {
	const hex = Array.from({ length: 32 }, () => randInt(rng, 16).toString(16));
	hex[12] = '4';
	hex[16] = (8 + randInt(rng, 4)).toString(16);
	const h = hex.join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Record i of n as it appears in the serialized object: the first opens it, the last closes it, every other ends
 * in a newline, so each record starts at a hard token boundary (after the head's newline or the one before it).
 */
export function renderRecord(key: string, value: string, i: number, n: number): string {
	return `${i === 0 ? '{' : ' '}"${key}": "${value}"${i === n - 1 ? '}' : ',\n'}`;
}

function positiveInt(name: string, v: number | null): void {
	if (v !== null && (!Number.isInteger(v) || v < 1)) throw new Error(`--${name} must be a positive integer (got ${v})`);
}

export function buildKvPlan(tok: TextTokenizer, opts: KvOptions = {}): ProbePlan {
	const o = {
		sets: opts.sets ?? 4,
		contextTokens: opts.contextTokens ?? 32768,
		keys: opts.keys ?? null,
		positions: opts.positions ?? null,
		seed: opts.seed ?? 0,
		answerTokens: opts.answerTokens ?? KV_ANSWER_TOKENS,
		verify: opts.verify ?? false
	};
	positiveInt('sets', o.sets);
	positiveInt('context-tokens', o.contextTokens);
	positiveInt('keys', o.keys);
	positiveInt('positions', o.positions);
	const headTokens = tok.encode(FILM_HEAD).length;
	const contexts: ProbeContext[] = [];
	const probes: Probe[] = [];
	let redraws = 0;
	for (let setId = 0; setId < o.sets; setId++) {
		const set = drawObject(tok, o, headTokens, setId);
		redraws += set.redraws;
		let { rendered, counts, contextTokens } = renderObject(tok, set.records);
		// The first and last records read a token or so differently from a middle one: drop the last record
		// while the longest prompt and its answer would overflow the window.
		const maxSuffix = Math.max(...set.suffixTokens);
		while (1 + headTokens + contextTokens + maxSuffix + o.answerTokens > o.contextTokens) {
			if (o.keys !== null || set.records.length <= 2)
				throw new Error(`--keys ${set.records.length} do not fit in --context-tokens ${o.contextTokens}; ask for fewer keys or a longer context`);
			set.records.pop();
			set.suffixTokens.pop();
			({ rendered, counts, contextTokens } = renderObject(tok, set.records));
		}
		const n = set.records.length;
		const prefix = FILM_HEAD + rendered.join('');
		if (o.verify && tok.encode(prefix).length !== headTokens + contextTokens)
			throw new Error(`kv set ${setId}: per-record token counts do not add up to the whole context`);
		const offsets = itemTokenOffsets(headTokens, counts);
		const charOffsets: number[] = [];
		for (let i = 0, at = FILM_HEAD.length; i < n; at += rendered[i].length, i++) charOffsets.push(at);
		const contextId = `kv-s${setId}`;
		contexts.push({ id: contextId, task: 'kv', setId, prefix, prefixTokens: 1 + headTokens + contextTokens, itemCount: n, itemTokenOffsets: offsets, itemCharOffsets: charOffsets });
		for (const pos of o.positions ? evenPositions(n, o.positions) : set.records.map((_, i) => i)) {
			const [key, value] = set.records[pos];
			const instruction = kvInstruction(key);
			probes.push({
				id: `${contextId}-p${pos}`,
				task: 'kv',
				contextId,
				setId,
				positionId: pos,
				suffix: filmSuffix(instruction),
				instruction,
				key,
				gold: { kind: 'kv', value },
				tokenOffset: offsets[pos],
				promptTokens: 1 + headTokens + contextTokens + set.suffixTokens[pos],
				maxNewTokens: o.answerTokens
			});
		}
	}
	const options = { sets: o.sets, contextTokens: o.contextTokens, keys: o.keys, positions: o.positions, seed: o.seed, answerTokens: o.answerTokens };
	return { task: 'kv', taskVersion: KV_VERSION, options, contexts, probes, redraws };
}

function renderObject(tok: TextTokenizer, records: readonly [string, string][]) {
	const rendered = records.map(([k, v], i) => renderRecord(k, v, i, records.length));
	const counts = rendered.map((r) => countAfterNewline(tok, r));
	return { rendered, counts, contextTokens: counts.reduce((a, b) => a + b, 0) };
}

interface DrawnObject {
	records: [string, string][];
	suffixTokens: number[];
	redraws: number;
}

/**
 * Draw records until the window is full (or the asked count is reached). Every UUID is new within the object, so
 * every key occurs exactly once; a repeat (vanishingly rare) is drawn again and counted.
 */
function drawObject(tok: TextTokenizer, o: { contextTokens: number; keys: number | null; seed: number; answerTokens: number }, headTokens: number, setId: number): DrawnObject {
	const rng = createRng(`${o.seed}:kv:${setId}`);
	const seen = new Set<string>();
	let redraws = 0;
	const fresh = (): string => {
		for (;;) {
			const u = seededUuid(rng);
			if (!seen.has(u)) {
				seen.add(u);
				return u;
			}
			redraws++;
		}
	};
	const records: [string, string][] = [];
	const counts: number[] = [];
	const suffixTokens: number[] = [];
	const room = (maxSuffix: number) => o.contextTokens - o.answerTokens - 1 - headTokens - maxSuffix - LAST_ITEM_SLACK;
	let sum = 0;
	let maxSuffix = 0;
	while (o.keys === null ? sum <= room(maxSuffix) : records.length < o.keys) {
		const record: [string, string] = [fresh(), fresh()];
		records.push(record);
		// Measured as a middle record; only the first and the last read differently, by a token or two.
		counts.push(countAfterNewline(tok, renderRecord(record[0], record[1], 1, 3)));
		suffixTokens.push(countAfterNewline(tok, filmSuffix(kvInstruction(record[0]))));
		sum += counts[counts.length - 1];
		maxSuffix = Math.max(maxSuffix, suffixTokens[suffixTokens.length - 1]);
	}
	const fit = fitItemCount(counts, room(maxSuffix));
	if (o.keys !== null && fit < o.keys)
		throw new Error(`--keys ${o.keys} do not fit in --context-tokens ${o.contextTokens} (about ${fit} do); ask for fewer keys or a longer context`);
	if (fit < 2) throw new Error(`--context-tokens ${o.contextTokens} is too small for a JSON object of two keys`);
	return { records: records.slice(0, fit), suffixTokens: suffixTokens.slice(0, fit), redraws };
}
