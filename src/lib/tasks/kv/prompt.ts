// The key–value question, asked after the object as Liu et al. ask it (the key last, the value to be written).

export function kvInstruction(key: string): string {
	return `In the JSON object above, what is the value for the key "${key}"?`;
}

/** The key a question asks for, or null when it is not a key–value question. */
export function kvAsked(instruction: string): string | null {
	return /^In the JSON object above, what is the value for the key "([^"]+)"\?$/.exec(instruction)?.[1] ?? null;
}
