// What a good model is expected to say for a probe: only a speed hint for batched answering (a draft checked in the
// same forward as the question). Any text gives the same answers; a closer guess only saves decode steps.
import type { Gold } from '$lib/types';

/**
 * The gold answer as the model would likely write it after the prompt: with a leading space, since answers follow
 * "[/INST]" and tokenizers mark a word's start with the space before it ("▁Paris").
 */
export function expectedAnswer(gold: Gold): string | undefined {
	const text = goldText(gold)?.trim();
	return text ? ' ' + text : undefined;
}

function goldText(gold: Gold): string | undefined {
	switch (gold.kind) {
		case 'document':
		case 'code':
			return gold.completion;
		case 'database':
			return `label: ${gold.label}, description: ${gold.description}`;
		case 'niah':
			return gold.value;
		case 'qa':
			return gold.answers.find((a) => a.trim());
	}
}
