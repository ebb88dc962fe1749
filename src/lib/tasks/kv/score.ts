// Scoring a key–value answer. Liu et al. count an answer right when the gold value occurs in it, compared without
// case; a value is a random 36-character UUID, so that is an exact match of the whole value: a partly right UUID,
// or another record's value, scores 0.

export function kvScore(value: string, prediction: string): number {
	return value !== '' && prediction.toLowerCase().includes(value.toLowerCase()) ? 1 : 0;
}
