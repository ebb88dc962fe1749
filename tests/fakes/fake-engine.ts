// A scriptable engine for tests and benchmarks: answers from a function, counts the tokens it would
// prefill (keeping one prefix warm when it reuses prefixes), and can be told to fail at a given call.
import type { BatchGenerateRequest, Engine, GenerateRequest } from '$lib/engines/engine';
import type { Generation } from '$lib/types';

export interface FakeEngineOptions {
	prefixReuse?: boolean;
	/** The answer to a prompt; default: empty. */
	answer?: (prompt: string) => string;
	/** Tokens of a text; default: its length (matches synthetic plans). */
	tokens?: (text: string) => number;
	/** Throw this error on the given call number (0-based) instead of answering. */
	failAt?: { call: number; error: () => unknown };
	/** Runs before each answer (e.g. to abort a controller mid-run). */
	beforeAnswer?: (call: number, req: GenerateRequest) => void;
	reusePath?: string;
	/** Offer generateBatch: each batch's questions are answered through generate, last question first. */
	batch?: boolean;
}

export interface FakeEngine extends Engine {
	readonly calls: GenerateRequest[];
	/** Tokens prefilled, a warm prefix counted once. */
	prefilled: number;
	/** Tokens a no-reuse engine would have prefilled. */
	naivePrefilled: number;
	/** Questions per generateBatch call, and the expected answers each one was given. */
	readonly batches: { size: number; expected: (string | undefined)[] }[];
}

export function createFakeEngine(o: FakeEngineOptions = {}): FakeEngine {
	const tokens = o.tokens ?? ((t: string) => t.length);
	const reuse = o.prefixReuse ?? false;
	let warm: string | null = null;
	const engine: FakeEngine = {
		info: {
			kind: 'oracle',
			modelId: 'fake',
			label: 'Fake engine',
			details: reuse ? { reusePath: o.reusePath ?? 'fake-reuse' } : {}
		},
		capabilities: { maxContext: 1 << 20, prefixReuse: reuse, exactTokens: true },
		calls: [],
		batches: [],
		prefilled: 0,
		naivePrefilled: 0,
		async generate(req: GenerateRequest): Promise<Generation> {
			const call = engine.calls.length;
			engine.calls.push({ ...req, prompt: req.prompt.length > 200 ? `…${req.prompt.slice(-200)}` : req.prompt, prefix: req.prefix === undefined ? undefined : `${req.prefix.length}` });
			o.beforeAnswer?.(call, req);
			if (o.failAt && o.failAt.call === call) {
				warm = null;
				throw o.failAt.error();
			}
			if (req.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
			const promptTokens = tokens(req.prompt);
			let prefill = promptTokens;
			if (reuse && req.prefix !== undefined && req.prompt.startsWith(req.prefix)) {
				if (warm === req.prefix) prefill = promptTokens - tokens(req.prefix);
				warm = req.prefix;
			}
			engine.prefilled += prefill;
			engine.naivePrefilled += promptTokens;
			const text = o.answer?.(req.prompt) ?? '';
			const completionTokens = Math.max(1, Math.ceil(text.length / 4));
			return {
				text,
				usage: { promptTokens, completionTokens },
				timings: { ttftMs: prefill / 1000, prefillTokensPerS: null, decodeTokensPerS: null, totalMs: prefill / 1000 + completionTokens * 20 },
				finishReason: 'stop',
				path: reuse ? (o.reusePath ?? 'fake-reuse') : 'full-prefill'
			};
		}
	};
	if (o.batch)
		engine.generateBatch = async (req: BatchGenerateRequest) => {
			engine.batches.push({ size: req.items.length, expected: req.items.map((i) => i.expected) });
			// Out of order on purpose: a real batch finishes short answers first.
			for (let i = req.items.length - 1; i >= 0; i--) {
				const it = req.items[i];
				const g = await engine.generate({ prompt: it.prompt, prefix: req.prefix, maxTokens: it.maxTokens, signal: req.signal });
				req.onItem(i, { ...g, path: 'batch:fake', draftFed: 0, draftAccepted: 0 });
			}
			return { path: 'batch:fake', fallback: null, B: Math.min(32, req.items.length), details: { batchPath: 'batch:fake', batchB: Math.min(32, req.items.length) } };
		};
	return engine;
}
