import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildPlan, taskOptions } from '$lib/app/plans';
import { presetSettings } from '$lib/app/settings';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import { nodePools } from '$lib/tasks/node-pools';

/** Serves the app's static files to the plan builder, as the browser's fetch would. */
const staticFetch = (async (url: string) => new Response(await readFile(`static${url}`))) as unknown as typeof fetch;

describe('the long-document QA preset', () => {
	it('builds a LongBench plan from the offline demo set that ships with the app', async () => {
		const s = presetSettings('longdoc');
		expect(s.tasks).toEqual(['longbench']);
		const options = taskOptions(s, 'longbench');
		expect(options.source).toBe('/demo/longbench/demo.jsonl');
		const plan = await buildPlan('longbench', options, { pools: nodePools, tokenizer: nodeMistralTokenizer, fetcher: staticFetch });
		expect(plan.task).toBe('longbench');
		expect(plan.probes.length).toBe(16);
		expect(plan.probes.every((p) => p.gold.kind === 'qa' && p.promptTokens + p.maxNewTokens <= s.contextTokens)).toBe(true);
	});

	it('asks for a URL again when a run was built from a picked file', async () => {
		await expect(buildPlan('longbench', { source: 'file:narrativeqa.jsonl' }, { pools: nodePools, tokenizer: nodeMistralTokenizer })).rejects.toThrow(/give its data as a URL/);
	});
});

describe('LongBench data from a URL', () => {
	it('travels in a share link without credentials, and becomes the plan source', async () => {
		const { decodeSettings, shareLink } = await import('$lib/app/share');
		const s = presetSettings('longdoc');
		s.longbenchUrl = 'https://user:pw@data.example.org/longbench/narrativeqa.jsonl?token=abc';
		const back = decodeSettings(new URL(shareLink('https://app.example', s)).searchParams).settings;
		expect(back.longbenchUrl).toBe('https://data.example.org/longbench/narrativeqa.jsonl');
		expect(taskOptions(back, 'longbench').source).toBe('https://data.example.org/longbench/narrativeqa.jsonl');
	});
});
