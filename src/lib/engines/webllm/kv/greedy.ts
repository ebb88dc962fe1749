// Greedy decoding over a KvBackend: stop token, stop string, token limit, window room, or abort — whichever first.
import type { KvBackend } from './backend';

export interface DecodeOptions {
	maxTokens: number;
	stop?: string[];
	signal?: AbortSignal;
	onText?: (delta: string) => void;
}

export interface DecodeResult {
	ids: number[];
	text: string;
	finishReason: 'stop' | 'length' | 'abort';
	decodeSteps: number;
	decodeMs: number;
}

/** Text up to the earliest stop string, or null when none occurs. */
export function cutAtStop(text: string, stops: readonly string[]): string | null {
	let cut = -1;
	for (const s of stops) {
		if (!s) continue;
		const i = text.indexOf(s);
		if (i >= 0 && (cut < 0 || i < cut)) cut = i;
	}
	return cut < 0 ? null : text.slice(0, cut);
}

/** Length of `text` that is safe to show: a tail that could still grow into a stop string is held back. */
export function safeLength(text: string, stops: readonly string[]): number {
	let keep = text.length;
	for (const s of stops) {
		for (let k = Math.min(s.length - 1, text.length); k > 0; k--) {
			if (text.endsWith(s.slice(0, k))) {
				keep = Math.min(keep, text.length - k);
				break;
			}
		}
	}
	return keep;
}

/** `first` is the token sampled by the last prompt forward; each further token costs one decode step. */
export async function decodeGreedy(b: KvBackend, first: number, o: DecodeOptions): Promise<DecodeResult> {
	const t0 = performance.now();
	const ids: number[] = [];
	let tok = first;
	let shown = '';
	let steps = 0;
	let finishReason: DecodeResult['finishReason'] = 'length';
	const emit = (text: string, final = false) => {
		// Hold back a trailing replacement char (a multi-byte character split across tokens) and a possible stop start.
		let safe = text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
		if (!final) safe = safe.slice(0, safeLength(safe, o.stop ?? []));
		if (safe.length > shown.length && safe.startsWith(shown)) {
			o.onText?.(safe.slice(shown.length));
			shown = safe;
		}
	};
	while (ids.length < o.maxTokens) {
		if (b.stopTokenIds.includes(tok)) {
			finishReason = 'stop';
			break;
		}
		ids.push(tok);
		const text = b.decode(ids);
		const cut = cutAtStop(text, o.stop ?? []);
		if (cut !== null) {
			emit(cut, true);
			return { ids, text: cut, finishReason: 'stop', decodeSteps: steps, decodeMs: performance.now() - t0 };
		}
		emit(text);
		if (ids.length >= o.maxTokens) break;
		if (o.signal?.aborted) {
			finishReason = 'abort';
			break;
		}
		// The window is full: web-llm would stop here too.
		if (b.filled() + 1 > b.contextWindow) break;
		tok = await b.forward([tok], false);
		steps++;
	}
	const text = b.decode(ids);
	emit(text, true);
	return { ids, text, finishReason, decodeSteps: steps, decodeMs: performance.now() - t0 };
}
