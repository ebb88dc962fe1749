import { describe, expect, it } from 'vitest';
import { createReadStream, statSync } from 'node:fs';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { importLongbench, longbenchPlan, scoreProbeRows, toProbeRows } from '$lib/tasks/longbench';

const DEMO = new URL('../../static/demo/longbench/demo.jsonl', import.meta.url);

describe('the shipped LongBench demo set', () => {
	it('imports cleanly, stays small, and holds documents of 8K–32K Mistral tokens', async () => {
		expect(statSync(DEMO).size).toBeLessThan(1.5 * 1024 * 1024);
		const { rows, report } = await importLongbench(createReadStream(DEMO), { sourceName: 'demo.jsonl' });
		expect(report.skippedCount).toBe(0);
		expect(rows.length).toBeGreaterThanOrEqual(10);
		const tok = await nodeMistralTokenizer();
		const docs = [...new Set(rows.map((r) => r.context))];
		expect(docs.length).toBeGreaterThanOrEqual(4);
		for (const doc of docs) {
			const n = tok.encode(doc).length;
			expect(n).toBeGreaterThanOrEqual(8000);
			expect(n).toBeLessThanOrEqual(32000);
		}
	});

	it('fits FILM-7B\'s 32K window untruncated, shares each document, and locates every QA answer once', async () => {
		const { rows } = await importLongbench(createReadStream(DEMO));
		const tok = await nodeMistralTokenizer();
		const plan = longbenchPlan(rows, tok, { contextWindow: 32768 });
		const docs = new Set(rows.map((r) => `${r.dataset}\u0000${r.context}`));
		expect(plan.contexts).toHaveLength(docs.size);
		for (const p of plan.probes) {
			expect(p.meta?.removedTokens).toBe(0);
			expect(p.promptTokens + p.maxNewTokens).toBeLessThanOrEqual(32768);
			if (p.gold.kind === 'qa' && p.gold.dataset !== 'gov_report') expect(p.tokenOffset, p.id).not.toBeNull();
		}
		// answering with the gold text scores full marks on every QA dataset
		const probeRows = toProbeRows(plan);
		const { summary } = scoreProbeRows(probeRows, probeRows.map((r) => r.answers[0]));
		for (const [name, d] of Object.entries(summary.datasets)) expect(d.score, name).toBe(100);
	});
});
