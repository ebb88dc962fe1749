// Where a FILM-template prompt splits into its shared context and its question.

export const INSTRUCTION_MARK = '\n\n### Instruction:\n';
const CONTEXT_MARK = '### Context:\n';

/** Split a FILM prompt at its instruction: [shared prefix, suffix]; null when the template is not there. */
export function splitAtInstruction(prompt: string): [string, string] | null {
	const at = prompt.lastIndexOf(INSTRUCTION_MARK);
	return at < 0 ? null : [prompt.slice(0, at), prompt.slice(at)];
}

/** The instruction sentence of a suffix `\n\n### Instruction:\n{instruction} [/INST]`. */
export function instructionOf(suffix: string): string {
	return suffix.slice(INSTRUCTION_MARK.length).replace(/ ?\[\/INST\]\s*$/, '');
}

export interface FilmPromptParts {
	/** Everything before the instruction: the template's head and the context. */
	prefix: string;
	/** Character index in `prefix` where the context starts. */
	contextStart: number;
	instruction: string;
}

/**
 * A prompt's parts as a reference answerer reads them; null when it is not a FILM-template prompt. Passing the
 * shared prefix the caller already holds keeps map look-ups on it cheap (its hash is already computed).
 */
export function filmPromptParts(prompt: string, knownPrefix?: string): FilmPromptParts | null {
	const split = prompt.lastIndexOf(INSTRUCTION_MARK);
	const c = prompt.indexOf(CONTEXT_MARK);
	if (split < 0 || c < 0 || c > split) return null;
	const prefix = knownPrefix?.length === split ? knownPrefix : prompt.slice(0, split);
	return { prefix, contextStart: c + CONTEXT_MARK.length, instruction: instructionOf(prompt.slice(split)) };
}
