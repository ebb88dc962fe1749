// A tiny runtime checker for stored and imported values: each check returns an error path or null.
// Hand-written on purpose: the records are few and small, and a schema library is not worth its weight here.

export type Check = (v: unknown, path: string) => string | null;

import { isObject } from '$lib/util/guards';

/** Re-exported: the store's validators and readers ask it from here, with the checks built on it. */
export { isObject };

export const str: Check = (v, p) => (typeof v === 'string' ? null : `${p} should be a string`);
export const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : `${p} should be a finite number`);
export const int: Check = (v, p) => (Number.isInteger(v) ? null : `${p} should be an integer`);
export const bool: Check = (v, p) => (typeof v === 'boolean' ? null : `${p} should be true or false`);
export const anyObject: Check = (v, p) => (isObject(v) ? null : `${p} should be an object`);

export const nullable =
	(c: Check): Check =>
	(v, p) =>
		v === null ? null : c(v, p);

export const optional =
	(c: Check): Check =>
	(v, p) =>
		v === undefined ? null : c(v, p);

export const oneOf =
	(...values: readonly (string | number)[]): Check =>
	(v, p) =>
		values.includes(v as string) ? null : `${p} should be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

export const range =
	(lo: number, hi: number): Check =>
	(v, p) =>
		num(v, p) ?? ((v as number) >= lo && (v as number) <= hi ? null : `${p} should lie in ${lo}…${hi}`);

export const arrayOf =
	(c: Check): Check =>
	(v, p) => {
		if (!Array.isArray(v)) return `${p} should be a list`;
		for (let i = 0; i < v.length; i++) {
			const e = c(v[i], `${p}[${i}]`);
			if (e) return e;
		}
		return null;
	};

export const recordOf =
	(c: Check): Check =>
	(v, p) => {
		if (!isObject(v)) return `${p} should be an object`;
		for (const [k, x] of Object.entries(v)) {
			const e = c(x, `${p}.${k}`);
			if (e) return e;
		}
		return null;
	};

export const shape =
	(fields: Record<string, Check>): Check =>
	(v, p) => {
		if (!isObject(v)) return `${p} should be an object`;
		for (const [k, c] of Object.entries(fields)) {
			const e = c(v[k], `${p}.${k}`);
			if (e) return e;
		}
		return null;
	};

export const scalar: Check = (v, p) =>
	v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
		? null
		: `${p} should be a string, number, boolean or null`;

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export function checked<T>(c: Check, v: unknown, name: string): Result<T> {
	const error = c(v, name);
	return error ? { ok: false, error } : { ok: true, value: v as T };
}
