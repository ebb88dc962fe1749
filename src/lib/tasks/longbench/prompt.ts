// LongBench prompts as the model reads them. How FILM wrapped LongBench prompts is unknown (its prompt files are
// not public in git), so the wrapping is a switch, and the default is the filled LongBench prompt as the user turn
// of Mistral's chat format — what Mistral-7B-Instruct (and FILM-7B, its fine-tune) expects:
//   'inst'  (default) `[INST] {LongBench prompt} [/INST]`
//   'film'  FILM's template: the document as `### Context:`, the LongBench wording after the document as
//           `### Instruction:` (the wording before the document, e.g. "You are given a story…", is dropped)
//   'plain' the filled LongBench prompt alone, as LongBench sends it to base models
import { filmPrefix, filmSuffix } from '../prompt';
import type { LongbenchDatasetInfo } from './datasets';

export type LongbenchWrap = 'inst' | 'film' | 'plain';
export const LONGBENCH_WRAPS: readonly LongbenchWrap[] = ['inst', 'film', 'plain'];

/** `template.format(context=…, input=…)`: one pass, so a document that contains "{input}" stays as it is. */
export function fillTemplate(template: string, values: { context: string; input: string }): string {
	return template.replace(/\{(context|input)\}/g, (_, key: 'context' | 'input') => values[key]);
}

/** The template around `{context}`, with `{input}` already filled on both sides. */
export function templateAround(info: LongbenchDatasetInfo, input: string): { before: string; after: string } {
	const at = info.prompt.indexOf('{context}');
	return {
		before: fillTemplate(info.prompt.slice(0, at), { context: '', input }),
		after: fillTemplate(info.prompt.slice(at + '{context}'.length), { context: '', input })
	};
}

/**
 * A prompt in three parts: `head` (everything before the document), the document, `tail` (everything after it,
 * the question included). `cut` is the text middle truncation works on, and `rewrap` puts a cut text back in
 * its place: LongBench truncates its whole filled prompt; FILM's template keeps its own wording and cuts the
 * document only.
 */
export interface PromptShape {
	head: string;
	context: string;
	tail: string;
	cut: string;
	rewrap(cut: string): string;
}

export function shapePrompt(info: LongbenchDatasetInfo, row: { context: string; input: string }, wrap: LongbenchWrap): PromptShape {
	const { before, after } = templateAround(info, row.input);
	if (wrap === 'film') {
		const head = filmPrefix('');
		const tail = filmSuffix(after.trim());
		return { head, context: row.context, tail, cut: row.context, rewrap: (c) => head + c + tail };
	}
	const open = wrap === 'inst' ? '[INST] ' : '';
	const close = wrap === 'inst' ? ' [/INST]' : '';
	return {
		head: open + before,
		context: row.context,
		tail: after + close,
		cut: before + row.context + after,
		rewrap: (c) => open + c + close
	};
}
