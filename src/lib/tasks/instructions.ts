// Recognise what a probe asks from its instruction text (FILM's and the needle task's exact wording).

export type Asked = { kind: 'document' | 'code' | 'database' | 'niah'; key: string };

export function parseInstruction(instruction: string): Asked | null {
	let m = /which sentence contains the piece "([\s\S]*)"\?/.exec(instruction);
	if (m) return { kind: 'document', key: m[1] };
	m = /which function contains the code snip "([\s\S]*)" \?/.exec(instruction);
	if (m) return { kind: 'code', key: m[1] };
	m = /where the id is (\S+) \?/.exec(instruction);
	if (m) return { kind: 'database', key: m[1] };
	m = /special magic number for (.+?) mentioned in the provided text/.exec(instruction);
	if (m) return { kind: 'niah', key: m[1] };
	return null;
}

export const INSTRUCTION_MARK = '\n\n### Instruction:\n';

/** Split a FILM prompt at its instruction: [shared prefix, suffix]; null when the template is not there. */
export function splitAtInstruction(prompt: string): [string, string] | null {
	const at = prompt.lastIndexOf(INSTRUCTION_MARK);
	return at < 0 ? null : [prompt.slice(0, at), prompt.slice(at)];
}

/** The instruction sentence of a suffix `\n\n### Instruction:\n{instruction} [/INST]`. */
export function instructionOf(suffix: string): string {
	return suffix.slice(INSTRUCTION_MARK.length).replace(/ ?\[\/INST\]\s*$/, '');
}
