// FNV-1a, 32 bits: a small, fast, platform-independent hash for seeding streams and comparing texts. Not for
// integrity or security (SHA-256 is store/hash.ts).

export const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The hash of a string's UTF-16 code units, or of a list of integers (each one step, as token ids are), as an
 * unsigned 32-bit number. `basis` replaces the offset basis, which derives a family of hashes from a seed.
 */
export function fnv1a(input: string | readonly number[], basis = FNV_OFFSET_BASIS): number {
	let h = basis >>> 0;
	if (typeof input === 'string') for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input.charCodeAt(i), FNV_PRIME);
	else for (const x of input) h = Math.imul(h ^ x, FNV_PRIME);
	return h >>> 0;
}

/** The same hash as 8 hex digits, for records that compare texts without keeping them. */
export function fnv1aHex(input: string | readonly number[]): string {
	return fnv1a(input).toString(16).padStart(8, '0');
}
