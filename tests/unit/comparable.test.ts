// Issue 18, point 2: what makes a run differ from the paper's figures is said from the record alone.
import { describe, expect, it } from 'vitest';
import { comparabilityNotes } from '$lib/app/comparable';
import type { RunRecord } from '$lib/store/schema';

function record(over: { tasks?: { task: string; options: Record<string, unknown>; seed?: number }[]; kind?: string; settings?: Record<string, unknown>; quantization?: string | null }) {
	return {
		tasks: (over.tasks ?? []).map((t) => ({ taskVersion: 'v', seed: t.seed ?? 0, probeCount: 1, planDigest: '', ...t })),
		engine: { kind: over.kind ?? 'openai', modelId: 'm', label: 'm', settings: over.settings ?? {} },
		provenance: { quantization: over.quantization ?? null }
	} as unknown as RunRecord;
}
const film = (options: Record<string, unknown>) => ['document', 'code', 'database'].map((task) => ({ task, options }));

describe('comparability notes', () => {
	it('say nothing but the drawing of the contexts for the paper preset with the paper’s buckets', () => {
		const notes = comparabilityNotes(record({ tasks: film({ sets: 4, contextTokens: 32768, positions: null, seed: 0 }), settings: { paperBuckets: true } }));
		expect(notes.map((n) => n.scope)).toEqual(['film']);
		expect(notes[0].text).toContain('not the official VaLProbing-32K contexts');
	});
	it('name another length, sampled positions, fewer sets and the 50-position buckets of a quick look', () => {
		const notes = comparabilityNotes(record({ tasks: film({ sets: 1, contextTokens: 8192, positions: 16, seed: 0 }), kind: 'oracle' }));
		const text = notes.map((n) => n.text).join('\n');
		expect(text).toContain("Contexts of 8K tokens, not the paper's 32K: about 200 / 200 / 188 items instead of 800 / 800 / 750");
		expect(text).toContain('16 questions per context');
		expect(text).toContain('One context per task');
		expect(text).toContain('averages 49 of them');
		expect(text).toContain('perfect-retrieval reference');
		expect(notes.every((n) => n.scope === 'film' || n.scope === 'run')).toBe(true);
	});
	it('words each task apart when their options differ', () => {
		const notes = comparabilityNotes(
			record({
				tasks: [
					{ task: 'code', options: { sets: 4, contextTokens: 16384, positions: null } },
					{ task: 'database', options: { sets: 4, contextTokens: 32768, positions: null } }
				],
				settings: { paperBuckets: true }
			})
		);
		expect(notes.filter((n) => n.scope === 'code').map((n) => n.text)).toEqual([expect.stringContaining('about 400 items instead of 800')]);
		expect(notes.filter((n) => n.scope === 'database')).toEqual([]);
	});
	it('call the LongBench demo set synthetic, and name a short window and quantised weights', () => {
		const demo = comparabilityNotes(record({ tasks: [{ task: 'longbench', options: { source: '/demo/longbench/demo.jsonl', contextWindow: 8192 } }] }));
		expect(demo.map((n) => n.text).join('\n')).toMatch(/Synthetic data[\s\S]*cut to 8K tokens/);
		const real = comparabilityNotes(record({ tasks: [{ task: 'longbench', options: { source: 'https://example.org/narrativeqa.jsonl', contextWindow: 32768 } }] }));
		expect(real).toEqual([]);
		const q = comparabilityNotes(record({ kind: 'webllm', quantization: 'q4f16_1' }));
		expect(q.map((n) => n.text)).toEqual(["Weights quantised to 4 bits (q4f16_1); the paper's answers come from the unquantised models."]);
	});
});
