// The fake batch model's "weights": next-token logits that are a hash of a sequence's whole token history, so a
// wrong KV state (a lost fork, a bad pop, another sequence's tokens) gives other answers. The tokenizer is the
// web-llm fake's character-level one, so answers have text and stop strings can be found in them.
import { EOS, FakeTokenizer, VOCAB } from '../web-llm/tokenizer';
import { historyHash, historyNoise } from '../web-llm/pipeline';

export { EOS, VOCAB };
export const tokenizer = new FakeTokenizer();
export const decodeIds = (ids: number[]) => tokenizer.decode(Int32Array.from(ids));

/** Printable character ids (letters and space), so decoded answers are readable. */
export const textIds = (s: string) => Array.from(tokenizer.encode(s)).slice(1);

export { historyHash };

export function logitsFor(history: readonly number[]): Float32Array {
	const h = historyHash(history);
	const out = historyNoise(history);
	for (let i = 0; i < VOCAB; i++) if (i < 35 || i > 125) out[i] = -10; // keep answers to printable characters
	// End the answer now and then, so EOS endings are exercised (about one history in nine).
	out[EOS] = h % 9 === 0 ? 5 : -10;
	return out;
}
