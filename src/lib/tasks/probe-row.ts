// A probe as one line of a probe file: the full prompt included, so any tool (FILM's own scripts too) can use it.
import type { TaskName } from '$lib/types';

export interface ProbeRowOut {
	id: string;
	task: TaskName;
	set_id: number;
	position_id: number;
	prompt: string;
	completion?: string;
	label?: string;
	description?: string;
	key: string;
	token_offset: number | null;
	prompt_tokens: number | null;
	context_id: string;
	max_new_tokens: number;
	meta?: Record<string, number | string>;
	/** Set on imported official rows that FILM's skip lists exclude from scoring. */
	skip?: boolean;
}
