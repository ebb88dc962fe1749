// The speed panel with a batch phase: the table of ways, the speed-ups from the measured seconds, the identity
// counts, the batch self-check's verdict, the predicted-against-measured line and the batched path in the plan.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import SpeedPanel from '$lib/components/speed/SpeedPanel.svelte';
import { predictBatched, predictRun, VAL_PLAN } from '$lib/speed/predict';
import type { SpeedResult, SpeedRow } from '$lib/speed/types';
import type { BatchPhaseRun } from '$lib/speed/types';

let app: Record<string, unknown> | null = null;
afterEach(() => {
	if (app) unmount(app);
	app = null;
	document.body.innerHTML = '';
});

const rows: SpeedRow[] = [
	{ n: 4096, prefillS: 14, prefillTokS: 292, decodeSteps: 16, decodeS: 1, decodeTokS: 16, questionTokens: 40, questionChunkS: 0.33, questionDecodeS: 2.3, kvRestored: true },
	{ n: 16384, prefillS: 101.8, prefillTokS: 161, decodeSteps: 16, decodeS: 2.64, decodeTokS: 6.07, questionTokens: 40, questionChunkS: 0.66, questionDecodeS: 6.2, kvRestored: true }
];
const run = (mode: BatchPhaseRun['mode'], seconds: number, o: Partial<BatchPhaseRun> = {}): BatchPhaseRun => ({
	mode, contextS: 100, path: mode === 'single' ? 'prefix-reuse:chunk' : 'batch:verify', fallback: null, B: mode === 'single' ? 1 : 32, seconds,
	perQuestionS: seconds / 64, answerTokens: 1280, identical: mode === 'single' ? null : 64, firstDifference: null, draftFed: 0, draftAccepted: 0, details: {}, ...o
});

describe('SpeedPanel with a batch phase', () => {
	it('shows each way, its speed-up and identity, the self-check and the predicted run', () => {
		const prediction = predictRun(rows, VAL_PLAN);
		prediction.paths.push(predictBatched(rows, VAL_PLAN, { contextTokens: 16384, perQuestionS: 0.8 }));
		const result: SpeedResult = {
			ok: true, provenance: null, selfCheck: null, rows, network: null, prediction,
			timings: { provisionS: 1, loadS: 1, selfCheckS: 1, measureS: 1, totalS: 4 },
			batch: {
				params: { questions: 64, contextTokens: 16384, questionTokens: 40, answerTokens: 20, maxB: 32, modes: ['single', 'none', 'right'], vocabSize: 32000, seed: 1 },
				runs: [
					run('single', 240),
					run('none', 48, { details: { batchCheckReason: 'batched decoding (max |Δ| 2.4e-5) and verify (max |Δ| 9.9e-5) match single decode steps' } }),
					run('right', 40, { draftFed: 1216, draftAccepted: 1200, identical: 63, firstDifference: 5 })
				],
				baseline: null,
				speedups: { none: 5, right: 6 },
				run: { predictedS: 355.3, measuredS: 341.3, errorPct: 4.1 }
			}
		};
		const target = document.createElement('div');
		document.body.appendChild(target);
		app = mount(SpeedPanel, { target, props: { rows, result } }) as Record<string, unknown>;
		flushSync();
		const tables = [...target.querySelectorAll('table')];
		const batch = tables.find((t) => /Batch phase/.test(t.caption?.textContent ?? ''))!;
		const cells = [...batch.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()));
		expect(cells.map((c) => c[0])).toEqual(['one at a time', 'batched, no drafts', 'batched, right drafts']);
		expect(cells.map((c) => c[6])).toEqual(['1×', '5.0×', '6.0×']);
		expect(cells.map((c) => c[7])).toEqual(['–', '64/64', '63/64']);
		expect(cells[2][8]).toBe('1200/1216');
		expect(batch.caption?.textContent).toMatch(/synthetic weights: speed only/);
		expect(target.textContent).toMatch(/Batch self-check: batched decoding .* match single decode steps/);
		expect(target.textContent).toMatch(/predicted from the table above: .*measured: .*\(\+4\.1 %\)/s);
		const plan = tables.find((t) => /Predicted time of a planned run/.test(t.caption?.textContent ?? ''))!;
		expect([...plan.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent)).toContain('batched');
	});
});
