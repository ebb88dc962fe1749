// Chat endpoints add their own template, so the FILM prompt goes in as one user turn without its `[INST] … [/INST]`
// wrapper: the server's chat template puts the model's own wrapper back (for Mistral models, the same one).

const INST_OPEN = /^\s*(<s>\s*)?\[INST\]\s?/;
const INST_CLOSE = /\s?\[\/INST\]\s*$/;

/** The user-turn text of a FILM prompt; a prompt without the wrapper is sent as it is. */
export function filmPromptToUserMessage(prompt: string): string {
	if (!INST_OPEN.test(prompt) || !INST_CLOSE.test(prompt)) return prompt;
	return prompt.replace(INST_OPEN, '').replace(INST_CLOSE, '');
}
