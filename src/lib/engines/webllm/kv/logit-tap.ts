// An identity logit processor that keeps the last next-token logits. web-llm 0.2.86 copies logits to the CPU only
// when a logit processor is registered (0.2.79 always did), so the self-check registers this one at load.
import type { LogitProcessorLike } from '../module';

export interface LogitTap extends LogitProcessorLike {
	last(): Float32Array | null;
	clear(): void;
}

export function createLogitTap(): LogitTap {
	let last: Float32Array | null = null;
	return {
		processLogits(logits) {
			last = logits.slice();
			return logits;
		},
		processSampledToken() {},
		resetState() {
			last = null;
		},
		last: () => last,
		clear() {
			last = null;
		}
	};
}
