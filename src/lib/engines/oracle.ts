// The perfect-retrieval reference: an engine that answers by looking the key up in the context it was given.
// It reads only the prompt (like any engine), so it checks the whole pipeline — prompt assembly, ordering, scoring,
// aggregation — and needs no GPU, no download and no network. It scores 100 Avg / 0 Gap on unambiguous probes.
import type { Generation, ProbeContext, ProbePlan } from '$lib/types';
import type { Engine, GenerateRequest } from './engine';
import { EngineError } from './engine';
import { occurrences, occurrencesOfAll } from '$lib/tasks/ambiguity';
import { INSTRUCTION_MARK, instructionOf, parseInstruction, type Asked } from '$lib/tasks/instructions';

const CONTEXT_START = '### Context:\n';

/** What the reference knows of a plan: item boundaries, and key counts computed once per context. */
export interface OracleIndex {
	contexts: Map<string, ProbeContext>;
	keysByContext: Map<string, string[]>;
	counts: Map<string, Map<string, number>>;
}

function keyCount(kind: Asked['kind'], prefix: string, key: string, index?: OracleIndex): number {
	const ctx = index?.contexts.get(prefix);
	if (!ctx) return occurrences(kind, prefix, key);
	let counts = index!.counts.get(ctx.id);
	if (!counts) {
		const keys = index!.keysByContext.get(ctx.id) ?? [];
		const found = occurrencesOfAll(kind, prefix, keys);
		index!.counts.set(ctx.id, (counts = new Map(keys.map((k, i) => [k, found[i]]))));
	}
	return counts.get(key) ?? occurrences(kind, prefix, key);
}

export function oracleAnswer(prompt: string, index?: OracleIndex, knownPrefix?: string): string {
	const split = prompt.lastIndexOf(INSTRUCTION_MARK);
	const cStart = prompt.indexOf(CONTEXT_START);
	if (split < 0 || cStart < 0) return '';
	// Reusing the caller's prefix string keeps map look-ups cheap (its hash is already computed).
	const prefix = knownPrefix?.length === split ? knownPrefix : prompt.slice(0, split);
	const instruction = instructionOf(prompt.slice(split));
	const asked = parseInstruction(instruction);
	if (!asked) return '';
	if (asked.kind === 'niah') {
		const m = new RegExp(`The special magic number for ${escapeRe(asked.key)} is: (\\d+)\\.`).exec(prefix);
		return m ? m[1] : '';
	}
	const at = prefix.indexOf(asked.key, cStart);
	if (at < 0 || keyCount(asked.kind, prefix, asked.key, index) !== 1) return '';
	const item = enclosingItem(prefix, at, asked.kind, index?.contexts.get(prefix));
	return item === null ? '' : answerFromItem(asked.kind, item);
}

function enclosingItem(prefix: string, at: number, kind: Asked['kind'], ctx?: ProbeContext): string | null {
	const starts = ctx?.itemCharOffsets;
	if (starts?.length) {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= at) lo = mid;
			else hi = mid - 1;
		}
		const end = lo + 1 < starts.length ? starts[lo + 1] - 1 : prefix.length;
		return prefix.slice(starts[lo], end);
	}
	// Without item boundaries, fall back on each rendering's own delimiters.
	if (kind === 'database') {
		// Labels may hold '>' themselves: an item ends where the next item begins, or at the context's last '>'.
		const open = prefix.lastIndexOf('<id: ', at);
		const next = prefix.indexOf('> <id: ', at);
		const close = next >= 0 ? next : prefix.lastIndexOf('>');
		return open < 0 || close < 0 ? null : prefix.slice(open, close + 1);
	}
	if (kind === 'code') {
		// The last `def name:` header (no parentheses: the paper's rendering) that starts an item before the key.
		let header: RegExpExecArray | null = null;
		const re = /(?:^|[ \n])(def [^:\n(]+:)\n/g;
		for (let m = re.exec(prefix); m && m.index < at; m = re.exec(prefix)) header = m;
		return header ? header[1] : null;
	}
	const before = prefix.slice(0, at).search(/[.!?] (?=[^.!?]*$)/);
	const from = before < 0 ? prefix.indexOf(CONTEXT_START) + CONTEXT_START.length : before + 2;
	const after = /[.!?](?= |$)/.exec(prefix.slice(at));
	return prefix.slice(from, after ? at + after.index + 1 : prefix.length);
}

function answerFromItem(kind: Asked['kind'], item: string): string {
	if (kind === 'code') return /^def ([^:\n]+):/.exec(item)?.[1] ?? '';
	if (kind === 'database') {
		const m = /^<id: [^,]+, label: ([\s\S]*), description: ([\s\S]*)>$/.exec(item);
		return m ? `${m[1]}, ${m[2]}` : '';
	}
	return item;
}

function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createOracleEngine(plan?: ProbePlan | ProbePlan[]): Engine {
	const index: OracleIndex = { contexts: new Map(), keysByContext: new Map(), counts: new Map() };
	for (const p of Array.isArray(plan) ? plan : plan ? [plan] : []) {
		for (const c of p.contexts) index.contexts.set(c.prefix, c);
		for (const probe of p.probes) {
			const keys = index.keysByContext.get(probe.contextId);
			if (keys) keys.push(probe.key);
			else index.keysByContext.set(probe.contextId, [probe.key]);
		}
	}
	return {
		info: { kind: 'oracle', modelId: 'oracle', label: 'Perfect retrieval reference' },
		capabilities: { maxContext: Number.MAX_SAFE_INTEGER, prefixReuse: false, exactTokens: false },
		async generate(req: GenerateRequest): Promise<Generation> {
			if (req.signal?.aborted) throw new EngineError('aborted', 'The request was cancelled.');
			const started = performance.now();
			const text = oracleAnswer(req.prompt, index, req.prefix);
			req.onText?.(text);
			const totalMs = performance.now() - started;
			return {
				text,
				usage: { promptTokens: 0, completionTokens: 0 },
				timings: { ttftMs: totalMs, prefillTokensPerS: null, decodeTokensPerS: null, totalMs },
				finishReason: 'stop',
				path: 'oracle'
			};
		}
	};
}
