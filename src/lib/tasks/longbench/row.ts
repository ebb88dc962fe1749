// One LongBench JSONL row, checked field by field: JSON.parse output is never trusted as a LongbenchRow.
import { canonicalDatasetName, isLongbenchDataset, unknownDatasetMessage, type LongbenchDataset } from './datasets';
import { isObject, isStringArray } from '$lib/util/guards';

export interface LongbenchRow {
	/** LongBench's `_id` (or `{dataset}-line{n}` when a file has none). */
	id: string;
	dataset: LongbenchDataset;
	input: string;
	context: string;
	answers: string[];
	allClasses: string[] | null;
	/** LongBench's `length` field (words, or characters for Chinese), when given. */
	length: number | null;
	/** Line of the source file, for messages. */
	line: number;
}

export type RowCheck = { ok: true; row: LongbenchRow } | { ok: false; reason: string; id?: string };

/**
 * Validate one parsed line. `fallbackDataset` names the dataset of files whose rows lack the field (LongBench's
 * own files always carry it).
 */
export function checkRow(value: unknown, line: number, fallbackDataset?: string): RowCheck {
	if (!isObject(value))
		return { ok: false, reason: 'not a JSON object' };
	const o = value as Record<string, unknown>;
	const id = typeof o._id === 'string' ? o._id : undefined;
	const fail = (reason: string): RowCheck => ({ ok: false, reason, id });

	const rawDataset = o.dataset ?? fallbackDataset;
	if (typeof rawDataset !== 'string' || rawDataset === '') return fail('missing "dataset"');
	const dataset = canonicalDatasetName(rawDataset);
	if (!isLongbenchDataset(dataset)) return fail(unknownDatasetMessage(rawDataset));
	if (o.language !== undefined && o.language !== null && o.language !== 'en')
		return fail(`language is "${String(o.language)}", not "en"`);

	if (!('context' in o)) return fail('missing "context"');
	if (typeof o.context !== 'string') return fail('"context" is not a string');
	if (o.context.trim() === '') return fail('"context" is empty');
	if (!('input' in o)) return fail('missing "input"');
	if (typeof o.input !== 'string') return fail('"input" is not a string');
	if (!('answers' in o)) return fail('missing "answers"');
	if (!isStringArray(o.answers)) return fail('"answers" is not a list of strings');
	if (o.answers.length === 0) return fail('"answers" is an empty list');
	if (o.answers.every((a) => a.trim() === '')) return fail('every answer in "answers" is empty');

	const allClasses = o.all_classes ?? null;
	if (allClasses !== null && !isStringArray(allClasses)) return fail('"all_classes" is neither null nor a list of strings');
	const length = o.length ?? null;
	if (length !== null && (typeof length !== 'number' || !Number.isFinite(length) || length < 0))
		return fail('"length" is not a non-negative number');
	if (o._id !== undefined && id === undefined) return fail('"_id" is not a string');

	return {
		ok: true,
		row: {
			id: id ?? `${dataset}-line${line}`,
			dataset,
			input: o.input,
			context: o.context,
			answers: o.answers,
			allClasses,
			length,
			line
		}
	};
}
