// The HTTP engine's bound on requests in flight (util/semaphore.ts), its waits cut short as the engine's own
// 'aborted' error. The runner can hand the same instance to several engines so that, together, they never exceed a
// provider's concurrency limit.
import { EngineError } from '$lib/engines/engine';
import { createSemaphore as semaphore, type Semaphore } from '$lib/util/semaphore';

export type { Semaphore };

export function createSemaphore(limit: number): Semaphore {
	return semaphore(limit, { what: 'concurrency', abortError: () => new EngineError('aborted', 'Request cancelled.') });
}
