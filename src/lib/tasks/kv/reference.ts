// The perfect-retrieval answer to a key–value question: the value of the asked key's record, read from the
// object in the prompt; nothing when the key is missing or occurs more than once.
import type { Reference } from '../spec';
import { filmPromptParts } from '../instructions';
import { kvAsked } from './prompt';

export function kvReference(): Reference {
	return (prompt, knownPrefix) => {
		const parts = filmPromptParts(prompt, knownPrefix);
		const key = parts && kvAsked(parts.instruction);
		if (!parts || key === null) return null;
		const { prefix, contextStart } = parts;
		const at = prefix.indexOf(`"${key}": "`, contextStart);
		if (at < 0 || prefix.indexOf(key, at + key.length) >= 0 || prefix.lastIndexOf(key, at) >= 0) return '';
		const from = at + key.length + 5;
		const to = prefix.indexOf('"', from);
		return to < 0 ? '' : prefix.slice(from, to);
	};
}
