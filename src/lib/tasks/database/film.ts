// Database probe (forward): Wikidata entities, asked by their Q-id, answered with label and description
// (SPEC.md §2).
import type { FilmItems } from '../film-items';
import type { EntityRow } from '../pools';

export interface DatabaseGold {
	kind: 'database';
	label: string;
	description: string;
}

export const databaseItems: FilmItems<EntityRow, DatabaseGold> = {
	task: 'database',
	version: 'database-forward-1',
	paperItems: 750,
	render: (r) => `<id: ${r.id}, label: ${r.label}, description: ${r.dcpt}>`,
	key: (r) => r.id,
	instruction: (id) => `In above context , what is the label and description for the query where the id is ${id} ?`,
	asks: (instruction) => /where the id is (\S+) \?/.exec(instruction)?.[1] ?? null,
	wholeIdKeys: true,
	gold: (r) => ({ kind: 'database', label: r.label, description: r.dcpt }),
	answer(item) {
		const m = /^<id: [^,]+, label: ([\s\S]*), description: ([\s\S]*)>$/.exec(item);
		return m ? `${m[1]}, ${m[2]}` : '';
	},
	// Labels may hold '>' themselves: an item ends where the next item begins, or at the context's last '>'.
	itemAround(prefix, at) {
		const open = prefix.lastIndexOf('<id: ', at);
		const next = prefix.indexOf('> <id: ', at);
		const close = next >= 0 ? next : prefix.lastIndexOf('>');
		return open < 0 || close < 0 ? null : prefix.slice(open, close + 1);
	},
	official: {
		file: 'database_forward_32k',
		fields: ['label', 'description'],
		gold: (o) => ({ kind: 'database', label: o.label, description: o.description }),
		itemStart: (prefix, key) => prefix.indexOf(`<id: ${key},`)
	}
};
