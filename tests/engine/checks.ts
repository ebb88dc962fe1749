// The assertions of the real-engine check, as small pure functions over what the harness returned. Each returns
// the failures it found (empty = passed), so the runner can report every failure of a run, not just the first.
import type { SelfCheckReport } from '../../src/lib/engines/webllm/kv/self-check';

export type Failures = string[];

/** The context signal must dwarf the chosen path's error: a path within 1/100 of "another context" is no proof. */
export const SIGNAL_RATIO = 100;
/** Zero-mean generated weights move logits by ≈2.5 between contexts; far less means the fixture is broken. */
export const MIN_CONTEXT_SIGNAL = 0.1;

export interface Expected {
	prefixTokens: number;
	questionTokens: number[];
}

export function checkSelfCheck(r: SelfCheckReport | null, want: Expected): Failures {
	if (!r) return ['the engine returned no self-check report (token path unavailable?)'];
	const f: Failures = [];
	if (r.prefixTokens !== want.prefixTokens)
		f.push(`self-check prefilled ${r.prefixTokens} prefix tokens, the check's prompt has ${want.prefixTokens} (was its prompt used?)`);
	if (JSON.stringify(r.questionTokens) !== JSON.stringify(want.questionTokens))
		f.push(`self-check question tokens ${JSON.stringify(r.questionTokens)}, expected ${JSON.stringify(want.questionTokens)}`);
	if (r.questionTokens.length < 2) f.push('self-check measured fewer than two questions');
	if (!r.kvRestored) f.push('the KV length did not come back to the prefix length after a question');
	if (!(r.contextSignal >= MIN_CONTEXT_SIGNAL))
		f.push(`context signal ${r.contextSignal} < ${MIN_CONTEXT_SIGNAL}: the logits hardly depend on the context`);
	if (r.path === 'none') f.push(`no reuse path was accepted: ${r.reason}`);
	else {
		const d = r.maxAbsDiff[r.path];
		if (d === undefined) f.push(`the chosen path ${r.path} has no measured difference`);
		else if (!(r.contextSignal >= SIGNAL_RATIO * d))
			f.push(`chosen path ${r.path}: max |Δlogit| ${d} is not ${SIGNAL_RATIO}× below the context signal ${r.contextSignal}`);
	}
	if (typeof r.maxAbsDiff.chunk !== 'number') f.push('the chunk path was not measured');
	return f;
}

export interface ErrorLike {
	kind: string;
	message: string;
	detail?: string;
}

/** A typed engine error of `kind`, worded for a user (no stack trace, no bare exception name). */
export function checkTypedError(e: ErrorLike | null, kind: string, mustMention: RegExp): Failures {
	if (!e) return [`expected a "${kind}" error, the call succeeded`];
	const f: Failures = [];
	if (e.kind !== kind) f.push(`expected error kind "${kind}", got "${e.kind}": ${e.message}`);
	if (!mustMention.test(e.message)) f.push(`the "${kind}" message does not say what happened: ${e.message}`);
	if (/\bat \S+ \(|Error:|undefined/.test(e.message)) f.push(`the "${kind}" message is not in user words: ${e.message}`);
	return f;
}

/** Every shard of the folder was fetched from the host (first load). */
export function checkFetchedAll(counts: Map<string, number>, shardFiles: string[], modelPath: string): Failures {
	const missing = shardFiles.filter((s) => !(counts.get(`${modelPath}/resolve/main/${s}`) ?? 0));
	return missing.length ? [`first load did not fetch ${missing.length} shard(s) from the host: ${missing.slice(0, 3).join(', ')}`] : [];
}
