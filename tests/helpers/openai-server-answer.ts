// The test server's "model": an oracle that reads the FILM prompt and finds the answer by the probe's key, plus
// an optional, deterministic "lost in the middle" that makes charts show the U shape real models have.
import { fnv1a } from '$lib/util/fnv';

export interface PromptParts {
	context: string;
	instruction: string;
}

/** Splits a FILM prompt (completions form or the chat user turn) into its context and instruction. */
export function promptParts(prompt: string): PromptParts | null {
	const c = prompt.indexOf('### Context:\n');
	const i = prompt.lastIndexOf('\n\n### Instruction:\n');
	if (c < 0 || i < c) return null;
	const instruction = prompt.slice(i + '\n\n### Instruction:\n'.length).replace(/\s*\[\/INST\]\s*$/, '');
	return { context: prompt.slice(c + '### Context:\n'.length, i), instruction };
}

export interface Located {
	answer: string;
	/** Where the answer's item starts, as a fraction (0…1) of the context's characters. */
	fraction: number;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds the answer the probe's key points at; null when the prompt is not a probe this server knows. */
export function locateAnswer(prompt: string): Located | null {
	const parts = promptParts(prompt);
	if (!parts) return null;
	const { context, instruction } = parts;
	const at = (i: number): number => (context.length === 0 ? 0 : i / context.length);
	let m = /where the id is (Q\d+)/.exec(instruction);
	if (m) {
		const item = new RegExp(`<id: ${m[1]}, label: (.*?), description: (.*?)>`).exec(context);
		return item ? { answer: `${item[1]}, ${item[2]}`, fraction: at(item.index) } : null;
	}
	m = /code snip "([\s\S]*)" \?/.exec(instruction);
	if (m) {
		const idx = context.indexOf(m[1]);
		if (idx < 0) return null;
		let name: RegExpExecArray | null = null;
		for (const d of context.slice(0, idx).matchAll(/def ([A-Za-z_]\w*)\s*:/g)) name = d;
		return name ? { answer: name[1], fraction: at(name.index) } : null;
	}
	m = /piece "([\s\S]*)"\?/.exec(instruction);
	if (m) {
		const idx = context.indexOf(m[1]);
		if (idx < 0) return null;
		const start = context.lastIndexOf('. ', idx) + 1;
		const stop = context.indexOf('. ', idx + m[1].length);
		return { answer: context.slice(start, stop < 0 ? context.length : stop + 1).trim(), fraction: at(start) };
	}
	m = /special magic number for (.+?) mentioned/.exec(instruction);
	if (m) {
		const needle = new RegExp(`special magic number for ${escape(m[1])} is: (\\d+)`).exec(context);
		return needle ? { answer: needle[1], fraction: at(needle.index) } : null;
	}
	return null;
}

export const UNKNOWN_ANSWER = 'Unknown.';

/** The default answerer: always right when the key is in the context. */
export function oracleAnswer(prompt: string): string {
	return locateAnswer(prompt)?.answer ?? UNKNOWN_ANSWER;
}

export interface ForgetMiddle {
	/** Context fractions between which answers may be forgotten (defaults 0.25 … 0.75). */
	from?: number;
	to?: number;
	/** Chance of forgetting at the very middle; it falls off smoothly towards `from` and `to` (default 0.6). */
	probability?: number;
	seed?: number;
}


/** mulberry32: a tiny seeded generator; the first draw is all we need. */
export function seededUnit(seed: number): number {
	let t = (seed + 0x6d2b79f5) | 0;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Chance that an answer at context fraction `f` is forgotten: a sine bump over [from, to]. */
export function forgetChance(f: number, o: ForgetMiddle = {}): number {
	const from = o.from ?? 0.25;
	const to = o.to ?? 0.75;
	if (f <= from || f >= to) return 0;
	return (o.probability ?? 0.6) * Math.sin((Math.PI * (f - from)) / (to - from));
}

export function forgetfulAnswerer(o: ForgetMiddle = {}, base: (prompt: string) => string = oracleAnswer): (prompt: string) => string {
	return (prompt) => {
		const found = locateAnswer(prompt);
		// One draw per (seed, prompt): the same probe is forgotten or not whatever the request order.
		if (found && seededUnit(fnv1a(`${o.seed ?? 1}:${prompt}`)) < forgetChance(found.fraction, o)) return UNKNOWN_ANSWER;
		return base(prompt);
	};
}
