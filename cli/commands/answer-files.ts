// The files of `probe answer`: probe rows in (JSONL, validated), answer rows out (JSONL, appended line by line so
// that an interrupted run loses at most the line being written, and a rerun skips what is already there).
import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { Generation } from '$lib/types';

export interface ProbeRow {
	id: string;
	prompt: string;
	maxNewTokens: number;
	/** Line number in the probe file, for messages. */
	line: number;
}

export class FileFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FileFormatError';
	}
}

const DEFAULT_MAX_NEW_TOKENS = 128;

/** Reads probe rows (FILM or LongBench form); only id, prompt and max_new_tokens matter to answering. */
export function parseProbeRows(text: string, file: string): ProbeRow[] {
	const rows: ProbeRow[] = [];
	const seen = new Set<string>();
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i].trim();
		if (raw === '') continue;
		const where = `${file}:${i + 1}`;
		let obj: unknown;
		try {
			obj = JSON.parse(raw);
		} catch {
			throw new FileFormatError(`${where}: not valid JSON.`);
		}
		if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new FileFormatError(`${where}: expected a JSON object.`);
		const o = obj as Record<string, unknown>;
		if (typeof o.id !== 'string' || o.id === '') throw new FileFormatError(`${where}: "id" must be a non-empty string.`);
		if (typeof o.prompt !== 'string' || o.prompt === '') throw new FileFormatError(`${where}: "prompt" must be a non-empty string.`);
		const max = o.max_new_tokens ?? DEFAULT_MAX_NEW_TOKENS;
		if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) throw new FileFormatError(`${where}: "max_new_tokens" must be a whole number >= 1.`);
		if (seen.has(o.id)) throw new FileFormatError(`${where}: id "${o.id}" appears twice.`);
		seen.add(o.id);
		rows.push({ id: o.id, prompt: o.prompt, maxNewTokens: max, line: i + 1 });
	}
	return rows;
}

export interface ExistingAnswers {
	ids: Set<string>;
	/** Bytes of the file that hold whole lines; anything after it is a torn last line. */
	goodBytes: number;
	torn: boolean;
}

/**
 * Reads the ids already answered. A last line without its newline that does not parse is the torn end of an
 * interrupted write: it is ignored (and cut off before appending). Any other bad line is an error.
 */
export function readExistingAnswers(text: string, file: string): ExistingAnswers {
	const ids = new Set<string>();
	const lines = text.split('\n');
	const last = lines.pop() ?? '';
	let goodBytes = Buffer.byteLength(text);
	let torn = false;
	const take = (raw: string, n: number): boolean => {
		let obj: unknown;
		try {
			obj = JSON.parse(raw);
		} catch {
			return false;
		}
		const id = (obj as { id?: unknown } | null)?.id;
		if (typeof id !== 'string') throw new FileFormatError(`${file}:${n}: answer line has no string "id".`);
		ids.add(id);
		return true;
	};
	lines.forEach((raw, i) => {
		if (raw.trim() !== '' && !take(raw, i + 1)) throw new FileFormatError(`${file}:${i + 1}: not valid JSON; fix or remove that line.`);
	});
	if (last.trim() !== '' && !take(last, lines.length + 1)) {
		torn = true;
		goodBytes -= Buffer.byteLength(last);
	}
	return { ids, goodBytes, torn };
}

export interface AnswerWriter {
	write(id: string, g: Generation): void;
	close(): void;
}

/** Opens the out file for appending, first cutting a torn tail and closing an unterminated last line. */
export function openAnswerWriter(file: string): { writer: AnswerWriter; existing: ExistingAnswers } {
	const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const existing = readExistingAnswers(text, file);
	if (existing.torn) truncateSync(file, existing.goodBytes);
	const fd = openSync(file, 'a');
	const kept = existing.torn ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
	if (kept.length > 0 && !kept.endsWith('\n')) writeSync(fd, '\n');
	return {
		existing,
		writer: {
			// One write call per line: the line reaches the OS whole, so a killed process leaves whole lines.
			write(id, g) {
				const line = { id, samples: [g.text], usage: g.usage, timings: g.timings, finish_reason: g.finishReason, path: g.path };
				writeSync(fd, JSON.stringify(line) + '\n');
			},
			close() {
				closeSync(fd);
			}
		}
	};
}
