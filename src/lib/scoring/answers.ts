// Answer files: ours (`{"id","samples":[text]}`) and FILM's published result files (`{"samples":[…]}` or
// `{"sample": …}` lines, in probe order). FILM's files pair with probes by line index, skipped probes included.
import { isObject } from '$lib/util/guards';

export interface AnswerLine {
	id: string | null;
	text: string;
}

export function parseAnswerLines(text: string, file: string): AnswerLine[] {
	const out: AnswerLine[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i].trim();
		if (!raw) continue;
		const where = `${file}:${i + 1}`;
		let o: Record<string, unknown>;
		try {
			o = JSON.parse(raw);
		} catch {
			// A run killed mid-write leaves a torn last line with no newline: that answer was never complete.
			if (i === lines.length - 1 && !text.endsWith('\n')) break;
			throw new Error(`${where}: not valid JSON`);
		}
		if (!isObject(o)) throw new Error(`${where}: expected a JSON object`);
		let answer: unknown = Array.isArray(o.samples) ? o.samples[0] : o.sample;
		if (answer === undefined && typeof o.text === 'string') answer = o.text;
		if (typeof answer !== 'string') throw new Error(`${where}: expected "samples": [text] or "sample": text`);
		if (o.id !== undefined && typeof o.id !== 'string') throw new Error(`${where}: "id" must be a string`);
		out.push({ id: (o.id as string | undefined) ?? null, text: answer });
	}
	return out;
}

/** Pair answers with probes: by id when every answer has one, else line by line. Unanswered → null. */
export function pairAnswers(probeIds: readonly string[], answers: readonly AnswerLine[]): (string | null)[] {
	if (answers.length && answers.every((a) => a.id !== null)) {
		const byId = new Map(answers.map((a) => [a.id!, a.text]));
		return probeIds.map((id) => byId.get(id) ?? null);
	}
	return probeIds.map((_, i) => answers[i]?.text ?? null);
}
