// Code and database tasks (SPEC.md §2): substring rules, exactly as FILM's scorer applies them.

/** Python's `s.strip('.')`: dots only, from both ends; whitespace stays. */
export function stripDots(text: string): string {
	return text.replace(/^\.+|\.+$/g, '');
}

/** Code: 1 when the function name (dots stripped) occurs in the answer, case-sensitive. */
export function codeScore(functionName: string, prediction: string): number {
	return prediction.includes(stripDots(functionName)) ? 1 : 0;
}

/** Database: 1 when the label or the description (dots stripped, lower-cased) occurs in the lower-cased answer. */
export function databaseScore(label: string, description: string, prediction: string): number {
	const p = prediction.toLowerCase();
	return p.includes(stripDots(label).toLowerCase()) || p.includes(stripDots(description).toLowerCase()) ? 1 : 0;
}

/** Needle: 1 when the needle's value occurs in the answer. */
export function needleScore(value: string, prediction: string): number {
	return prediction.includes(value) ? 1 : 0;
}
