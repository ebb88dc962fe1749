// Runtime checks for what a source's JSON files hold: every failure is a ConvertError that names the file and the
// field, so a bad config.json or index says which line of it to look at.
import { ConvertError, type ConvertErrorKind } from '../types';

export interface Checks {
	readonly file: string;
	fail(message: string, kind?: ConvertErrorKind): never;
	object(v: unknown, what: string): Record<string, unknown>;
	string(v: unknown, what: string): string;
	/** A safe integer ≥ min (default 0). */
	int(v: unknown, what: string, min?: number): number;
	number(v: unknown, what: string): number;
	bool(v: unknown, what: string): boolean;
}

export function checks(file: string): Checks {
	const fail = (message: string, kind: ConvertErrorKind = 'format'): never => {
		throw new ConvertError(kind, `${file}: ${message}`, file);
	};
	const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 80));
	return {
		file,
		fail,
		object(v, what) {
			if (!v || typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be a JSON object (got ${show(v)})`);
			return v as Record<string, unknown>;
		},
		string(v, what) {
			if (typeof v !== 'string') fail(`${what} must be a string (got ${show(v)})`);
			return v as string;
		},
		int(v, what, min = 0) {
			if (!Number.isSafeInteger(v) || (v as number) < min) fail(`${what} must be an integer ≥ ${min} (got ${show(v)})`);
			return v as number;
		},
		number(v, what) {
			if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what} must be a number (got ${show(v)})`);
			return v as number;
		},
		bool(v, what) {
			if (typeof v !== 'boolean') fail(`${what} must be true or false (got ${show(v)})`);
			return v as boolean;
		}
	};
}

/** JSON.parse that says which file was not JSON. */
export function parseJson(text: string, file: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (e) {
		throw new ConvertError('format', `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}): download it again`, file);
	}
}

/** Bytes as UTF-8 text; a file that is not UTF-8 is a format error, not a string of replacement characters. */
export function utf8(bytes: Uint8Array, file: string): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ConvertError('format', `${file} is not UTF-8 text: is it the right file?`, file);
	}
}
