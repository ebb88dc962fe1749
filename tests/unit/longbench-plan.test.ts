import { beforeAll, describe, expect, it } from 'vitest';
import { nodeMistralTokenizer } from '$lib/tokenize/node';
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import { FILM_HEAD } from '$lib/tasks/prompt';
import {
	buildPrompt,
	datasetInfo,
	fillTemplate,
	findAnswer,
	fitToBudget,
	longbenchPlan,
	longbenchPlanAsync,
	planFromSource,
	LONGBENCH_DATASETS,
	type LongbenchRow
} from '$lib/tasks/longbench';
import { LONGBENCH_PROMPTS } from '$lib/tasks/longbench/prompts';

let tok: TextTokenizer;
beforeAll(async () => {
	tok = await nodeMistralTokenizer();
});

function mkRow(over: Partial<LongbenchRow> = {}): LongbenchRow {
	return {
		id: 'r1',
		dataset: 'narrativeqa',
		input: 'Who keeps the lighthouse?',
		context: 'The harbour was quiet. Talla Brenwick kept the lighthouse at Osrin Point.',
		answers: ['Talla Brenwick'],
		allClasses: null,
		length: 12,
		line: 1,
		...over
	};
}

/** Numbered sentences, so any kept or dropped stretch can be recognised. */
function longText(sentences: number): string {
	return Array.from({ length: sentences }, (_, i) => `Entry ${i} records that the tide rose at dusk.`).join(' ');
}

describe('LongBench prompt wording', () => {
	it('fills {context} and {input} once, as str.format does', () => {
		const t = 'C: {context} / Q: {input}';
		expect(fillTemplate(t, { context: 'has {input} and $& in it', input: 'why?' })).toBe('C: has {input} and $& in it / Q: why?');
	});

	it('has each dataset\'s own LongBench instruction and max new tokens', () => {
		expect(LONGBENCH_DATASETS.map((d) => [d.name, d.maxNewTokens])).toEqual([
			['narrativeqa', 128], ['qasper', 128], ['multifieldqa_en', 64], ['hotpotqa', 32], ['2wikimqa', 32],
			['musique', 32], ['gov_report', 512], ['qmsum', 512], ['multi_news', 512]
		]);
		expect(LONGBENCH_PROMPTS.narrativeqa).toContain('Answer the question asconcisely as you can');
		expect(LONGBENCH_PROMPTS.gov_report).toBe(
			'You are given a report by a government agency. Write a one-page summary of the report.\n\nReport:\n{context}\n\nNow, write a one-page summary of the report.\n\nSummary:'
		);
		for (const d of LONGBENCH_DATASETS) expect(d.prompt.split('{context}')).toHaveLength(2);
	});
});

describe('LongBench prompt building', () => {
	it('wraps the filled prompt in [INST] … [/INST] by default, the question as the suffix', () => {
		const row = mkRow();
		const filled = fillTemplate(LONGBENCH_PROMPTS.narrativeqa, row);
		const b = buildPrompt(row, tok);
		expect(b.prompt).toBe(`[INST] ${filled} [/INST]`);
		expect(b.prefix + b.suffix).toBe(b.prompt);
		expect(b.suffix.startsWith('\n\nNow, answer the question')).toBe(true);
		expect(b.suffix.endsWith('Question: Who keeps the lighthouse?\n\nAnswer: [/INST]')).toBe(true);
		expect(b.promptTokens).toBe(1 + tok.encode(b.prompt).length);
		expect(b.removedTokens).toBe(0);
		expect(b.maxNewTokens).toBe(128);
	});

	it('can send the LongBench prompt alone, or in FILM\'s template', () => {
		const row = mkRow({ dataset: 'hotpotqa', input: 'Where?' });
		expect(buildPrompt(row, tok, { wrap: 'plain' }).prompt).toBe(fillTemplate(LONGBENCH_PROMPTS.hotpotqa, row));
		const film = buildPrompt(row, tok, { wrap: 'film' });
		expect(film.prompt).toBe(
			`${FILM_HEAD}${row.context}\n\n### Instruction:\nAnswer the question based on the given passages. Only give me the answer and do not output any other words.\n\nQuestion: Where?\nAnswer: [/INST]`
		);
		expect(film.prefix).toBe(FILM_HEAD + row.context);
	});

	it('cuts the middle when the prompt is over the window minus the answer budget', () => {
		const row = mkRow({ context: longText(400) });
		const window = 2048;
		const b = buildPrompt(row, tok, { contextWindow: window });
		expect(b.promptTokens).toBeLessThanOrEqual(window - 128);
		expect(b.promptTokens).toBeGreaterThan(window - 128 - 8); // the allowance is used, not wasted
		expect(b.promptTokens).toBe(1 + tok.encode(b.prompt).length);
		expect(b.removedTokens).toBeGreaterThan(0);
		expect(b.prompt.startsWith('[INST] You are given a story')).toBe(true);
		expect(b.prompt).toContain('Entry 0 records');
		expect(b.prompt).toContain('Entry 399 records that the tide rose at dusk.');
		expect(b.prompt).not.toContain('Entry 200 records');
		expect(b.suffix).not.toBe('');
	});

	it('truncates exactly when one token over the budget, not before', () => {
		const row = mkRow({ context: longText(60) });
		const max = datasetInfo('narrativeqa').maxNewTokens;
		const full = buildPrompt(row, tok);
		expect(buildPrompt(row, tok, { contextWindow: full.promptTokens + max }).removedTokens).toBe(0);
		const cut = buildPrompt(row, tok, { contextWindow: full.promptTokens + max - 1 });
		expect(cut.removedTokens).toBeGreaterThan(0);
		expect(cut.promptTokens).toBeLessThanOrEqual(full.promptTokens - 1);
	});

	it('keeps FILM\'s wording whole and cuts only the document in the film wrap', () => {
		const row = mkRow({ context: longText(400) });
		const b = buildPrompt(row, tok, { wrap: 'film', contextWindow: 1500 });
		expect(b.promptTokens).toBeLessThanOrEqual(1500 - 128);
		expect(b.prompt.startsWith(FILM_HEAD + 'Entry 0 records')).toBe(true);
		expect(b.prompt.endsWith('Question: Who keeps the lighthouse?\n\nAnswer: [/INST]')).toBe(true);
	});

	it('refuses a budget its fixed wording cannot fit', () => {
		expect(() => fitToBudget(tok, longText(50), (c) => 'x '.repeat(300) + c, 100)).toThrow(/cannot be cut to 100 tokens/);
	});
});

describe('where the answer is', () => {
	it('gives the token offset of the first occurrence in the document', () => {
		const context = `${longText(30)} Talla Brenwick kept the light. ${longText(10)} Talla Brenwick again.`;
		const b = buildPrompt(mkRow({ context }), tok);
		expect(b.answerCharIndex).toBe(b.prompt.indexOf('Talla Brenwick'));
		const ids = tok.encode(b.prompt);
		// offsets count BOS as 0, so token k of the prompt is ids[k - 1]
		const at = b.answerOffset as number;
		expect(tok.decode(ids.subarray(at - 1, at + 3)).trimStart().startsWith('Talla Brenwick')).toBe(true);
		expect(tok.decode(ids.subarray(0, at - 1)).endsWith('dusk.')).toBe(true);
	});

	it('finds nothing when the answer is cut out, paraphrased, only in the question, or a verdict', () => {
		const cutOut = mkRow({ context: `${longText(200)} Talla Brenwick kept it. ${longText(200)}` });
		expect(buildPrompt(cutOut, tok, { contextWindow: 2048 }).answerOffset).toBeNull();
		expect(buildPrompt(cutOut, tok).answerOffset).not.toBeNull();
		expect(buildPrompt(mkRow({ answers: ['the keeper'] }), tok).answerOffset).toBeNull();
		expect(buildPrompt(mkRow({ input: 'Is it Osrin Point?', answers: ['Osrin'], context: 'No names here.' }), tok).answerOffset).toBeNull();
		expect(findAnswer('yes, no, unanswerable', ['yes', 'no', 'unanswerable'])).toBeNull();
	});

	it('matches whole words, case-sensitively, earliest over all gold answers', () => {
		expect(findAnswer('Annual report by Ann.', ['Ann'])).toEqual({ index: 17, answer: 'Ann' });
		expect(findAnswer('the green ferry, deep green', ['deep green', 'green'])).toEqual({ index: 4, answer: 'green' });
		expect(findAnswer('Paris', ['paris'])).toBeNull();
	});

	it('locates nothing for summaries', () => {
		const row = mkRow({ dataset: 'gov_report', input: '', answers: ['Talla Brenwick kept the lighthouse.'] });
		expect(buildPrompt(row, tok).answerOffset).toBeNull();
	});
});

describe('longbenchPlan', () => {
	it('makes one probe per row and shares a context between questions on the same document', () => {
		const doc = longText(20);
		const rows = [
			mkRow({ id: 'a', context: doc, input: 'First?', answers: ['Entry 3'] }),
			mkRow({ id: 'b', context: doc, input: 'A longer second question?', answers: ['Entry 17'] }),
			mkRow({ id: 'c', dataset: 'musique', context: doc, input: 'Third?' })
		];
		const plan = longbenchPlan(rows, tok, { contextWindow: 4096 });
		expect(plan.task).toBe('longbench');
		expect(plan.contexts).toHaveLength(2);
		expect(plan.probes.map((p) => p.contextId)).toEqual(['longbench/ctx0', 'longbench/ctx0', 'longbench/ctx1']);
		expect(plan.probes.map((p) => p.positionId)).toEqual([0, 1, 2]);
		const [p0, p1] = plan.probes;
		expect(plan.contexts[0].prefix + p0.suffix).toBe(buildPrompt(rows[0], tok, { contextWindow: 4096 }).prompt);
		expect(plan.contexts[0].prefix + p1.suffix).toBe(buildPrompt(rows[1], tok, { contextWindow: 4096 }).prompt);
		expect(plan.contexts[0].prefixTokens).toBe(1 + tok.encode(plan.contexts[0].prefix).length);
		expect(p0.gold).toEqual({ kind: 'qa', dataset: 'narrativeqa', answers: ['Entry 3'], allClasses: null });
		expect(p0.tokenOffset).not.toBeNull();
		expect(p1.tokenOffset as number).toBeGreaterThan(p0.tokenOffset as number);
		expect(plan.probes[2]).toMatchObject({ setId: 5, maxNewTokens: 32, id: 'longbench/musique/c' });
	});
});

describe('building a plan without blocking a page', () => {
	it('gives the same plan as the synchronous builder, with progress, and stops on abort', async () => {
		const rows = [mkRow({ id: 'a' }), mkRow({ id: 'b', input: 'Another?' }), mkRow({ id: 'c', dataset: 'qmsum' })];
		const seen: number[] = [];
		const plan = await longbenchPlanAsync(rows, tok, { onProgress: (done) => seen.push(done) });
		expect(plan).toEqual(longbenchPlan(rows, tok));
		expect(seen).toEqual([1, 2, 3]);
		const ctl = new AbortController();
		const pending = longbenchPlanAsync(rows, tok, { signal: ctl.signal, onProgress: () => ctl.abort() });
		await expect(pending).rejects.toThrow(/cancelled/);
	});

	it('imports and plans from bytes, recording the source and filters in the plan options', async () => {
		const line = (id: string, dataset: string) =>
			JSON.stringify({ input: 'Who?', context: 'Ada chaired it.', answers: ['Ada'], length: 3, dataset, language: 'en', all_classes: null, _id: id });
		async function* bytes() {
			yield new TextEncoder().encode([line('1', 'qasper'), line('2', 'musique'), 'oops'].join('\n'));
		}
		const { plan, report } = await planFromSource(bytes(), tok, { source: 'https://example.org/x.jsonl', datasets: ['musique'], wrap: 'plain' });
		expect(plan.probes.map((p) => p.id)).toEqual(['longbench/musique/2']);
		expect(plan.options).toEqual({ contextWindow: 32768, wrap: 'plain', source: 'https://example.org/x.jsonl', datasets: ['musique'] });
		expect(report.filtered).toBe(1);
		expect(report.skippedCount).toBe(1);
	});
});
