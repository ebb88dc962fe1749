// What each of FILM's three VaL probes (SPEC.md §2) is made of: how an item is rendered, what is asked, what is
// right, how the reference finds the answer, and how the official files hold it. One per task folder.
import type { FilmPools } from './pools';

export type FilmTaskName = keyof FilmPools;

export interface FilmItems<Row, G> {
	task: FilmTaskName;
	/** Bumped whenever rendering, instruction or drawing changes, so stored runs say which probes they answered. */
	version: string;
	/** The paper's items per ~32K context. */
	paperItems: number;
	render(row: Row): string;
	key(row: Row): string;
	/** The instruction, verbatim from FILM (odd spaces included). */
	instruction(key: string): string;
	/** The key an instruction asks for, or null when it is not this task's question. */
	asks(instruction: string): string | null;
	/** A key counts only as a whole token of its kind (a Q-id is not inside a longer Q-id). */
	wholeIdKeys: boolean;
	gold(row: Row): G;
	/** The reference's answer from the item that holds the key. */
	answer(item: string): string;
	/** The item around a character position, from the rendering's own delimiters (no plan at hand). */
	itemAround(prefix: string, at: number, contextStart: number): string | null;
	/** The official VaLProbing-32K file's gold fields, and where a row's item starts in its context (−1: not found). */
	official: {
		/** The file's name on the Hugging Face hub (In2Training/VaLProbing-32K), without `.jsonl`. */
		file: string;
		fields: readonly string[];
		gold(o: Record<string, string>): G;
		itemStart(prefix: string, key: string, o: Record<string, string>): number;
	};
}
