// Document probe (bi-directional): arXiv sentences, asked by an 8-word piece from inside one, answered with the
// whole sentence (SPEC.md §2).
import type { FilmItems } from '../film-items';
import type { SentenceRow } from '../pools';

export interface DocumentGold {
	kind: 'document';
	completion: string;
}

export const documentItems: FilmItems<SentenceRow, DocumentGold> = {
	task: 'document',
	version: 'document-bi-1',
	paperItems: 800,
	render: (r) => r.sentence,
	key: (r) => r.piece,
	instruction: (piece) => `In above context, which sentence contains the piece "${piece}"?`,
	asks: (instruction) => /which sentence contains the piece "([\s\S]*)"\?/.exec(instruction)?.[1] ?? null,
	wholeIdKeys: false,
	gold: (r) => ({ kind: 'document', completion: r.sentence }),
	answer: (item) => item,
	// Sentences end in . ! or ? followed by the joining space (or the context's end).
	itemAround(prefix, at, contextStart) {
		const before = prefix.slice(0, at).search(/[.!?] (?=[^.!?]*$)/);
		const from = before < 0 ? contextStart : before + 2;
		const after = /[.!?](?= |$)/.exec(prefix.slice(at));
		return prefix.slice(from, after ? at + after.index + 1 : prefix.length);
	},
	official: {
		file: 'document_bi_32k',
		fields: ['completion'],
		gold: (o) => ({ kind: 'document', completion: o.completion }),
		itemStart: (prefix, _key, o) => prefix.indexOf(o.completion)
	}
};
