// FILM's prompt template (SPEC.md §1), split where a probe set's shared context ends and the question begins.

export const FILM_INSTRUCTION_HEAD =
	'Below is a context and an instruction. Based on the information provided in the context, write a response for the instruction.';

/** The template as one string, for provenance hashes: `{context}` and `{instruction}` are the slots. */
export const FILM_TEMPLATE = `[INST] ${FILM_INSTRUCTION_HEAD}\n\n### Context:\n{context}\n\n### Instruction:\n{instruction} [/INST]`;

/** Everything before the context text. It ends in a newline, so the context's first token never merges with it. */
export const FILM_HEAD = `[INST] ${FILM_INSTRUCTION_HEAD}\n\n### Context:\n`;

/** The shared part of every prompt of a set: head + context. */
export function filmPrefix(context: string): string {
	return FILM_HEAD + context;
}

/** The per-question part; it starts with a newline, a hard token boundary. */
export function filmSuffix(instruction: string): string {
	return `\n\n### Instruction:\n${instruction} [/INST]`;
}

export function filmPrompt(context: string, instruction: string): string {
	return filmPrefix(context) + filmSuffix(instruction);
}

/** The prompt a probe sends, BOS excluded. */
export function fullPrompt(context: { prefix: string }, probe: { suffix: string }): string {
	return context.prefix + probe.suffix;
}

/** FILM's probes stop at 128 new tokens. */
export const FILM_MAX_NEW_TOKENS = 128;
