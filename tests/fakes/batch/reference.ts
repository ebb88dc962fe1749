// The reference every batched answer must equal: the project's own plain greedy decoding (kv/greedy.ts) of one
// prompt, prefilled in one shot from an empty cache, over the same fake model.
import type { KvBackend } from '$lib/engines/webllm/kv/backend';
import { decodeGreedy, type DecodeResult } from '$lib/engines/webllm/kv/greedy';
import { decodeIds, EOS, logitsFor, tokenizer } from './model';
import { argmax } from '$lib/engines/webllm/batch/kv';

export function singleSequenceBackend(contextWindow: number): KvBackend & { forwards: number } {
	let history: number[] = [];
	const b = {
		forwards: 0,
		encode: (t: string) => Array.from(tokenizer.encode(t)),
		decode: decodeIds,
		bosIds: [],
		stopTokenIds: [EOS],
		contextWindow,
		filled: () => history.length,
		reset: async () => {
			history = [];
		},
		forward: async (ids: number[]) => {
			b.forwards++;
			history.push(...ids);
			return argmax(logitsFor(history));
		},
		truncate: (n: number) => {
			history.length = n;
		},
		lastLogits: () => logitsFor(history),
		withLock: <T>(fn: () => Promise<T>) => fn()
	};
	return b;
}

export async function greedyAlone(
	context: number[],
	question: number[],
	o: { maxTokens: number; stop?: string[]; contextWindow: number }
): Promise<DecodeResult> {
	const b = singleSequenceBackend(o.contextWindow);
	const first = await b.forward([...context, ...question], true);
	return decodeGreedy(b, first, { maxTokens: o.maxTokens, stop: o.stop });
}
