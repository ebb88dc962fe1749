// One answer's stop rules, fed greedy's tokens one at a time, in exactly the order and with exactly the tests of
// decodeGreedy (kv/greedy.ts): stop token (not kept), stop string (text cut before it), token limit, abort, window
// room. The batch paths get their tokens from drafts, verify forwards and batched decode steps, but every token goes
// through here, so each answer ends where and how plain greedy decoding of that question alone would end.
import { cutAtStop } from '../kv/greedy';

export type FinishReason = 'stop' | 'length' | 'abort';

export interface AnswerRules {
	maxTokens: number;
	stop?: readonly string[];
	stopTokenIds: readonly number[];
	/** Context (BOS included) + question: what the KV holds before the first answer token is fed. */
	promptTokens: number;
	contextWindow: number;
	decode: (ids: number[]) => string;
}

export interface FinishedAnswer {
	ids: number[];
	text: string;
	finishReason: FinishReason;
}

export class AnswerBuilder {
	readonly ids: number[] = [];
	private done: FinishedAnswer | null = null;

	constructor(private readonly r: AnswerRules) {
		// decodeGreedy's loop does not run at all for maxTokens ≤ 0: an empty answer that ended by length.
		if (r.maxTokens <= 0) this.done = { ids: [], text: '', finishReason: 'length' };
	}

	get finished(): FinishedAnswer | null {
		return this.done;
	}

	/**
	 * Greedy's next token. Returns the finished answer when this token ends it; null when the token must be fed and
	 * decoding goes on.
	 */
	push(tok: number, aborted = false): FinishedAnswer | null {
		if (this.done) throw new Error('AnswerBuilder: token after the answer finished');
		if (this.r.stopTokenIds.includes(tok)) return this.finish('stop');
		this.ids.push(tok);
		const text = this.r.decode(this.ids);
		const cut = cutAtStop(text, this.r.stop ?? []);
		if (cut !== null) return (this.done = { ids: [...this.ids], text: cut, finishReason: 'stop' });
		if (this.ids.length >= this.r.maxTokens) return this.finish('length');
		if (aborted) return this.finish('abort');
		// Feeding this token would pass the window: greedy stops here too (filled() + 1 > contextWindow).
		if (this.r.promptTokens + this.ids.length > this.r.contextWindow) return this.finish('length');
		return null;
	}

	/** End now (an abort before any token of this answer, or a failure): whatever it has. */
	finish(reason: FinishReason): FinishedAnswer {
		if (!this.done) this.done = { ids: [...this.ids], text: this.r.decode(this.ids), finishReason: reason };
		return this.done;
	}
}
