// A run built from a picked LongBench file: its task options name the stored rows, and buildPlan rebuilds the
// same plan from them after a reload, or says what to do when they are gone.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildPlan, plansForRun, taskOptions, type PlanDeps } from '$lib/app/plans';
import { presetSettings, settingsProblems } from '$lib/app/settings';
import { createRun } from '$lib/app/run-controller';
import { createRunStore } from '$lib/store/run-store';
import { createLongbenchRowsStore } from '$lib/store/longbench-rows-store';
import { keepPickedFiles } from '$lib/store/longbench-pick';
import { planDigest, planMismatch } from '$lib/runner/plan-digest';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';

const MINI_URL = new URL('../fixtures/longbench/mini.jsonl', import.meta.url);
let n = 0;
const dbName = () => `plans-lb-file-${Date.now()}-${n++}`;

async function pickedMini(store = createLongbenchRowsStore(dbName())) {
	const file = new File([await readFile(MINI_URL)], 'mini.jsonl');
	const { choice } = await keepPickedFiles([file], store);
	return { store, choice };
}

const depsWith = (store: ReturnType<typeof createLongbenchRowsStore>): PlanDeps => ({
	pools: nodePools,
	tokenizer: nodeMistralTokenizer,
	longbenchRows: (key, name) => store.rows(key, name)
});

describe('LongBench from a picked file', () => {
	it('takes precedence over the URL in the task options, once its rows are stored', async () => {
		const s = presetSettings('longdoc');
		s.longbenchUrl = 'https://data.example.org/narrativeqa.jsonl';
		s.longbenchFile = { name: 'mini.jsonl', rowsKey: null, rows: 0 };
		expect(settingsProblems(s).longbenchFile).toMatch(/not ready/);
		expect(taskOptions(s, 'longbench').source).toBe('https://data.example.org/narrativeqa.jsonl');
		s.longbenchFile = { name: 'mini.jsonl', rowsKey: 'f'.repeat(64), rows: 5 };
		expect(settingsProblems(s)).toEqual({});
		expect(taskOptions(s, 'longbench')).toEqual({ source: 'file:mini.jsonl', rowsKey: 'f'.repeat(64), contextWindow: s.contextTokens });
		s.longbenchFile = null;
		expect(taskOptions(s, 'longbench').source).toBe('https://data.example.org/narrativeqa.jsonl');
	});

	it('rebuilds the same plan from the stored rows as from the file itself', async () => {
		const { store, choice } = await pickedMini();
		const options = { source: 'file:mini.jsonl', rowsKey: choice.rowsKey, contextWindow: 4096 };
		const fromRows = await buildPlan('longbench', options, depsWith(store));
		expect(fromRows.probes.map((p) => p.key)).toEqual(['nqa-1', 'nqa-2', 'hq-1', 'gr-1', 'missing-nothing']);
		expect(fromRows.options).toMatchObject({ source: 'file:mini.jsonl', rowsKey: choice.rowsKey, contextWindow: 4096 });

		const staticFetch = (async () => new Response(await readFile(MINI_URL))) as unknown as typeof fetch;
		const fromUrl = await buildPlan('longbench', { source: '/mini.jsonl', contextWindow: 4096 }, { ...depsWith(store), fetcher: staticFetch });
		expect(await planDigest(fromRows)).toBe(await planDigest(fromUrl));
	});

	it('reads the browser’s own stored rows when no loader is given', async () => {
		const { choice } = await pickedMini(createLongbenchRowsStore());
		const plan = await buildPlan('longbench', { source: 'file:mini.jsonl', rowsKey: choice.rowsKey }, { pools: nodePools, tokenizer: nodeMistralTokenizer });
		expect(plan.probes).toHaveLength(5);
	});

	it('starts a run whose record resumes from the stored rows after a reload', async () => {
		const rowsDb = dbName();
		const { store, choice } = await pickedMini(createLongbenchRowsStore(rowsDb));
		const s = presetSettings('longdoc');
		s.longbenchFile = choice;
		const runs = createRunStore(dbName());
		const record = await createRun(s, { store: runs, plans: depsWith(store) });
		expect(record.tasks[0].options).toMatchObject({ source: 'file:mini.jsonl', rowsKey: choice.rowsKey });

		// A reload: the record from storage, a fresh store object over the same database.
		const got = await runs.getRun(record.id);
		if (!got?.ok) throw new Error('run not stored');
		const again = await plansForRun(got.record.tasks, depsWith(createLongbenchRowsStore(rowsDb)));
		expect(await planMismatch(got.record.tasks, again)).toBeNull();
	});

	it('says to pick the same file again when the stored rows are gone', async () => {
		const empty = createLongbenchRowsStore(dbName());
		await expect(buildPlan('longbench', { source: 'file:narrativeqa.jsonl', rowsKey: 'a'.repeat(64) }, depsWith(empty))).rejects.toThrow(
			/rows of narrativeqa.jsonl are no longer stored in this browser.*Pick the same file again/
		);
	});

	it('still asks for a URL for a file run that kept no rows (older records)', async () => {
		await expect(buildPlan('longbench', { source: 'file:narrativeqa.jsonl' }, { pools: nodePools, tokenizer: nodeMistralTokenizer })).rejects.toThrow(
			/give its data as a URL/
		);
	});
});
