// Python's `str.split()` with no argument, which every scorer here reproduces: FILM's word recall and LongBench's
// normalisation split words this way, so a word boundary here must be one in Python.

/**
 * The characters for which Python's `str.isspace()` holds (Unicode bidi classes WS, B, S and category Zs):
 * U+0009–000D, U+001C–001F, U+0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000.
 * JavaScript's `\s` differs: it adds U+FEFF and lacks U+001C–U+001F and U+0085, so the class is written out.
 */
export const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** `s.split()` in Python: runs of whitespace separate, leading/trailing whitespace gives no empty words. */
export function pySplit(s: string): string[] {
	return s.split(PY_WHITESPACE).filter((w) => w.length > 0);
}
