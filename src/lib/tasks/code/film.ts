// Code probe (backward): Python functions, asked by their second body line, answered with the function's name
// (SPEC.md §2). Rendered as in the paper's figure: `def name:` without parentheses, then the body lines.
import type { FilmItems } from '../film-items';
import type { FunctionRow } from '../pools';

export interface CodeGold {
	kind: 'code';
	completion: string;
}

export const codeItems: FilmItems<FunctionRow, CodeGold> = {
	task: 'code',
	version: 'code-backward-1',
	paperItems: 800,
	render: (r) => `def ${r.function_name}:\n${r.function_define}`,
	key: (r) => r.piece,
	instruction: (piece) => `In above context, which function contains the code snip "${piece}" ?`,
	asks: (instruction) => /which function contains the code snip "([\s\S]*)" \?/.exec(instruction)?.[1] ?? null,
	wholeIdKeys: false,
	gold: (r) => ({ kind: 'code', completion: r.function_name }),
	answer: (item) => /^def ([^:\n]+):/.exec(item)?.[1] ?? '',
	// The last `def name:` header (no parentheses: the paper's rendering) that starts an item before the key.
	itemAround(prefix, at) {
		let header: RegExpExecArray | null = null;
		const re = /(?:^|[ \n])(def [^:\n(]+:)\n/g;
		for (let m = re.exec(prefix); m && m.index < at; m = re.exec(prefix)) header = m;
		return header ? header[1] : null;
	},
	official: {
		file: 'code_backward_32k',
		fields: ['completion'],
		gold: (o) => ({ kind: 'code', completion: o.completion }),
		itemStart(prefix, key, o) {
			const keyAt = prefix.indexOf(key);
			return keyAt < 0 ? -1 : prefix.lastIndexOf(`def ${o.completion}`, keyAt);
		}
	}
};
