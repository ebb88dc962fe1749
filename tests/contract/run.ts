// Runs the contract cases against one subject, in order, and reports each: a failed case does not stop the next
// (a case that needs what an earlier one made says so in its own failure).
import { CASES, newContext } from './cases';
import type { CaseNeeds, CaseResult, ContractSubject } from './subject';

export interface RunOptions {
	/** Which kinds of case the subject can run (a web-llm without a GPU: 'cache' only). */
	needs?: CaseNeeds[];
	onCase?: (r: CaseResult) => void;
}

export async function runContract(s: ContractSubject, o: RunOptions = {}): Promise<CaseResult[]> {
	const c = newContext();
	const out: CaseResult[] = [];
	try {
		for (const k of CASES) {
			if (o.needs && !o.needs.includes(k.needs)) continue;
			const t0 = performance.now();
			let failure: string | undefined;
			try {
				await k.run(s, c);
			} catch (e) {
				failure = e instanceof Error ? (e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message) : String(e);
			}
			const r: CaseResult = { name: k.name, needs: k.needs, ok: failure === undefined, ms: Math.round(performance.now() - t0), ...(failure === undefined ? {} : { failure }) };
			out.push(r);
			o.onCase?.(r);
		}
	} finally {
		await c.engine?.unload().catch(() => undefined);
	}
	return out;
}

export const caseNames = (needs?: CaseNeeds[]) => CASES.filter((k) => !needs || needs.includes(k.needs)).map((k) => k.name);
