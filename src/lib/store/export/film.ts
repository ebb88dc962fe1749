// FILM-format answer files: one `{"samples": [answer]}` line per probe, in probe-file order, so the paper's own
// plot script (VaLProbing/plot.py) scores our runs. Its pairing is by line index, so every probe gets a line.
import type { TaskName } from '$lib/types';
import { taskSpec } from '$lib/tasks/registry';
import type { RunRecord, StoredAnswer } from '../schema';


export interface FilmAnswerFile {
	task: TaskName;
	fileName: string;
	text: string;
	/** Probes without a stored answer, written as empty samples to keep line indexes aligned. */
	missing: number;
}

/** A JSON string as Python's json.dumps writes it (ensure_ascii): non-ASCII as \\uXXXX, surrogate pairs as two. */
export function pythonJsonString(s: string): string {
	return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line exactly as FILM's vllm_inference.py writes it: json.dumps({'samples': [text]}). */
export function filmSampleLine(text: string): string {
	return `{"samples": [${pythonJsonString(text)}]}`;
}

export function filmAnswerFiles(run: RunRecord, answers: readonly StoredAnswer[]): FilmAnswerFile[] {
	return run.tasks.map((t) => {
		const lines: string[] = new Array(t.probeCount).fill('');
		for (const a of answers) if (a.task === t.task && a.index >= 0 && a.index < t.probeCount) lines[a.index] = a.text;
		const present = new Set(answers.filter((a) => a.task === t.task).map((a) => a.index));
		return {
			task: t.task,
			fileName: taskSpec(t.task).exportFile,
			text: lines.map(filmSampleLine).join('\n') + '\n',
			missing: t.probeCount - present.size
		};
	});
}
