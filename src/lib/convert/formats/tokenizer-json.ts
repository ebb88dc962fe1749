// A Hugging Face `tokenizer.json`: the piece strings by id from model.vocab ({piece: id} for BPE, WordPiece and
// WordLevel; [[piece, score], …] for Unigram) and added_tokens ([{id, content}], which win where both name an id).
import { checks, parseJson } from './checks';

export function tokenizerJsonVocab(text: string, file = 'tokenizer.json'): string[] {
	const c = checks(file);
	const root = c.object(parseJson(text, file), 'the tokenizer');
	const model = c.object(root.model, 'model');
	const byId = new Map<number, string>();
	const put = (id: number, piece: string, what: string) => {
		const had = byId.get(id);
		if (had !== undefined && had !== piece) c.fail(`${what}: id ${id} is both ${JSON.stringify(had)} and ${JSON.stringify(piece)}`);
		byId.set(id, piece);
	};
	if (Array.isArray(model.vocab)) {
		model.vocab.forEach((entry, id) => {
			if (!Array.isArray(entry) || typeof entry[0] !== 'string') c.fail(`model.vocab[${id}] must be [piece, score]`);
			put(id, (entry as [string])[0], 'model.vocab');
		});
	} else {
		const vocab = c.object(model.vocab, 'model.vocab');
		for (const [piece, id] of Object.entries(vocab)) put(c.int(id, `model.vocab[${JSON.stringify(piece)}]`), piece, 'model.vocab');
	}
	const added = root.added_tokens ?? [];
	if (!Array.isArray(added)) c.fail('added_tokens must be a list');
	(added as unknown[]).forEach((raw, i) => {
		const t = c.object(raw, `added_tokens[${i}]`);
		byId.set(c.int(t.id, `added_tokens[${i}].id`), c.string(t.content, `added_tokens[${i}].content`));
	});
	if (byId.size === 0) c.fail('the vocabulary is empty');
	// A loop, not Math.max(...ids): a 150K-token vocabulary would overflow the call stack.
	let size = 0;
	for (const id of byId.keys()) if (id + 1 > size) size = id + 1;
	const out = new Array<string>(size);
	for (let id = 0; id < size; id++) {
		const piece = byId.get(id);
		if (piece === undefined) c.fail(`no token has id ${id} (ids run to ${size - 1})`);
		out[id] = piece as string;
	}
	return out;
}
