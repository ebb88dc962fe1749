// Runs made to be read together (the paper replication's FILM-7B and baseline) follow one another through the
// run page's link: `?then=<id>` opens that run when this one finishes here, `?compare=<id>,<id>` offers the compare
// page for the pair. Nothing is stored: the link is the chain, and each run stays a run of its own. Pure.
import { isRunId } from '$lib/store/validate';

export interface RunChain {
	then: string | null;
	compare: string[];
}

export function runChainOf(q: URLSearchParams): RunChain {
	const then = q.get('then');
	const compare = (q.get('compare') ?? '').split(',').filter(isRunId).slice(0, 8);
	return { then: then && isRunId(then) ? then : null, compare };
}

/** The page to open once `current` completes: the next run, told to offer the comparison of both. */
export function nextRunHref(chain: RunChain, current: string): string | null {
	if (!chain.then || chain.then === current) return null;
	const ids = [...new Set([...chain.compare, current, chain.then])];
	return `/run/${chain.then}?compare=${ids.join(',')}`;
}

export function compareHref(chain: RunChain, current: string): string | null {
	const ids = [...new Set([...chain.compare, current])];
	return ids.length > 1 ? `/compare?runs=${ids.join(',')}` : null;
}

/** The link the new-run page opens after creating a chain of runs: the first, going on to the second. */
export function chainStartHref(ids: readonly [string, string]): string {
	return `/run/${ids[0]}?then=${ids[1]}&compare=${ids[0]}`;
}
