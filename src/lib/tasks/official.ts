// The official VaLProbing-32K files (document_bi_32k.jsonl, code_backward_32k.jsonl, database_forward_32k.jsonl),
// taken as they are: rows in file order, FILM's skip lists marking the ambiguous ones, token offsets located.
import type { TextTokenizer } from '$lib/tokenize/tokenizer';
import { countAfterNewline } from '$lib/tokenize/tokenizer';
import { tokenOffsetsAt } from '$lib/tokenize/context';
import type { ProbeRowOut } from './probe-row';
import { splitAtInstruction, instructionOf } from './instructions';
import { FILM_TASKS, type FilmTaskName } from './film-tasks';
import { isObject } from '$lib/util/guards';

export const OFFICIAL_FILES: Record<string, FilmTaskName> = Object.fromEntries(
	Object.values(FILM_TASKS).map((items) => [items.official.file, items.task])
);

/** An official row in our probe format; every field is filled (token offsets where they can be located). */
export interface OfficialRow extends ProbeRowOut {
	prompt_tokens: number;
	skip: boolean;
	official_index: number;
}

/** Validate the file's rows (every line, before anything is written) and turn them into probe rows. */
export function importOfficial(name: string, text: string, skipList: readonly number[], tok: TextTokenizer): OfficialRow[] {
	const task = OFFICIAL_FILES[name];
	if (!task) throw new Error(`${name}: not an official VaLProbing-32K file name (expected ${Object.keys(OFFICIAL_FILES).join(', ')})`);
	const skip = new Set(skipList);
	const rows: OfficialRow[] = [];
	const lines = text.split('\n');
	if (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
	lines.forEach((line, i) => {
		const where = `${name}.jsonl:${i + 1}`;
		let o: Record<string, unknown>;
		try {
			o = JSON.parse(line);
		} catch {
			throw new Error(`${where}: not valid JSON (a truncated file?)`);
		}
		if (!isObject(o)) throw new Error(`${where}: expected a JSON object`);
		const items = FILM_TASKS[task];
		const need = ['prompt', ...items.official.fields];
		for (const f of need) if (typeof o[f] !== 'string') throw new Error(`${where}: field "${f}" must be a string`);
		for (const f of ['position_id', 'set_id']) if (!Number.isInteger(o[f])) throw new Error(`${where}: field "${f}" must be a whole number`);
		const known = new Set([...need, 'position_id', 'set_id', 'completion', 'label', 'description']);
		for (const f of Object.keys(o)) if (!known.has(f)) throw new Error(`${where}: unknown field "${f}"`);
		const prompt = (o.prompt as string).replace(/^<s>\s*/, '');
		const parts = splitAtInstruction(prompt);
		const key = parts && items.asks(instructionOf(parts[1]));
		if (!parts || key === null) throw new Error(`${where}: the prompt does not hold a ${task} probe instruction`);
		rows.push({
			id: `${task}-official-${i}`,
			task,
			set_id: o.set_id as number,
			position_id: o.position_id as number,
			prompt,
			...Object.fromEntries(items.official.fields.map((f) => [f, o[f] as string])),
			key,
			token_offset: null,
			prompt_tokens: 0,
			context_id: `${task}-official-s${o.set_id}`,
			max_new_tokens: 128,
			skip: skip.has(i),
			official_index: i
		});
	});
	locateTokens(rows, tok);
	return rows;
}

/** Fill token offsets and prompt lengths, tokenizing each set's shared context once. */
function locateTokens(rows: OfficialRow[], tok: TextTokenizer): void {
	const bySet = new Map<number, OfficialRow[]>();
	for (const r of rows) (bySet.get(r.set_id) ?? bySet.set(r.set_id, []).get(r.set_id)!).push(r);
	for (const set of bySet.values()) {
		const prefix = splitAtInstruction(set[0].prompt)![0];
		const mine = set.filter((r) => r.prompt.startsWith(prefix) && r.prompt[prefix.length] === '\n');
		const starts = mine.map((r) => itemStart(r, prefix));
		const located = mine.filter((_, i) => starts[i] >= 0);
		const offsets = tokenOffsetsAt(tok, prefix, [...starts.filter((s) => s >= 0), prefix.length]);
		const prefixTokens = offsets[offsets.length - 1];
		located.forEach((r, i) => (r.token_offset = 1 + offsets[i]));
		for (const r of set) {
			const [p, suffix] = splitAtInstruction(r.prompt)!;
			r.prompt_tokens = 1 + (p === prefix ? prefixTokens : tok.encode(p).length) + countAfterNewline(tok, suffix);
		}
	}
}

/** Where the row's item starts in the context, or −1 when it cannot be found at a token boundary. */
function itemStart(r: OfficialRow, prefix: string): number {
	const at = FILM_TASKS[r.task as keyof typeof FILM_TASKS].official.itemStart(prefix, r.key, r as unknown as Record<string, string>);
	if (at <= 0) return -1;
	const before = prefix[at - 1];
	return before === ' ' || before === '\n' ? at : -1;
}
