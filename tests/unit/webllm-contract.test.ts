// The web-llm contract (tests/contract/) in Node: every case against the fake web-llm, and the cache cases against
// web-llm's own 0.2.86 and 0.2.79 code. The same cases run against the real runtime in `npm run test:engine:contract`,
// so a case that passes here and fails there is a place where the fake is not faithful.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseNames, runContract } from '../contract/run';
import { fakeSubject, realModuleSubject } from '../contract/node-subjects';
import type { CaseNeeds, CaseResult, ContractSubject } from '../contract/subject';

const SUBJECTS: { label: string; make: () => Promise<ContractSubject>; needs: CaseNeeds[] }[] = [
	{ label: 'the fake web-llm', make: async () => fakeSubject(), needs: ['cache', 'runtime'] },
	{ label: "web-llm 0.2.86's cache", make: () => realModuleSubject('0.2.86'), needs: ['cache'] },
	{ label: "web-llm 0.2.79's cache", make: () => realModuleSubject('0.2.79'), needs: ['cache'] }
];

for (const s of SUBJECTS) {
	describe(`web-llm contract: ${s.label}`, () => {
		let results: CaseResult[] = [];
		beforeAll(async () => {
			results = await runContract(await s.make(), { needs: s.needs });
		});
		for (const name of caseNames(s.needs))
			it(name, () => {
				const r = results.find((x) => x.name === name);
				expect(r?.failure ?? null).toBeNull();
				expect(r?.ok).toBe(true);
			});
	});
}
