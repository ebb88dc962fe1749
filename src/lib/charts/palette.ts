// Okabe–Ito colours (Okabe & Ito 2008): distinguishable under the common colour-vision deficiencies.
// Ordered so the first runs get the colours with the most contrast against white; yellow comes last.

export const OKABE_ITO = {
	blue: '#0072B2',
	vermillion: '#D55E00',
	bluishGreen: '#009E73',
	reddishPurple: '#CC79A7',
	orange: '#E69F00',
	skyBlue: '#56B4E9',
	black: '#000000',
	yellow: '#F0E442'
} as const;

export const RUN_COLOURS: readonly string[] = Object.values(OKABE_ITO);

/** The paper's reference figures are drawn in a neutral grey, dashed, so they never look like a run. */
export const REFERENCE_COLOUR = '#595959';

/**
 * The paper's own curves (its published answers scored here): darker tones outside the run palette, dashed and
 * thinner, so they read as "the paper" beside any number of runs.
 */
export const PAPER_CURVE_COLOURS: Record<string, string> = {
	'FILM-7B': '#A34700',
	'Mistral-7B-Instruct-v0.2': '#666666',
	'GPT-4-Turbo': '#00695C'
};
export const PAPER_CURVE_DASH = '6 3';

/** Dash patterns per series index, so lines stay apart in greyscale prints too. */
export const DASHES: readonly (string | null)[] = [null, '6 3', '2 2', '8 3 2 3', '4 4'];

export function runColour(index: number): string {
	return RUN_COLOURS[((index % RUN_COLOURS.length) + RUN_COLOURS.length) % RUN_COLOURS.length];
}

export function runDash(index: number): string | null {
	return DASHES[Math.floor(index / RUN_COLOURS.length) % DASHES.length] ?? null;
}
