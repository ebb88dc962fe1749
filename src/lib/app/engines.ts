// From a run's engine choice to an Engine. The reference engine needs nothing; a cloud endpoint needs its key
// from the key store (never from the run record); WebLLM starts its worker through webllm-engine.ts (fit check first).
import { EngineError, type Engine } from '$lib/engines/engine';
import type { ProbePlan } from '$lib/types';
import type { RunEngine } from '$lib/store/schema';
import type { EngineChoice } from './settings';

export interface EngineFactories {
	webllm?: (choice: Extract<EngineChoice, { kind: 'webllm' }>, plans: ProbePlan[]) => Promise<Engine>;
	apiKey?: (baseUrl: string) => Promise<string | undefined>;
	/** Model download and load progress, in words (bytes, speed, time left). */
	onLoadProgress?: (text: string) => void;
}

/** The engine choice as stored in a run record's `engine.settings` (no secrets: see store/secrets.ts). */
export function engineSettings(c: EngineChoice): Record<string, string | number | boolean | null> {
	if (c.kind === 'webllm') return { modelId: c.modelId, contextWindow: c.contextWindow, weightsUrl: c.weightsUrl ?? null, batch: c.batch !== false };
	if (c.kind === 'openai') return { baseUrl: c.baseUrl, model: c.model, maxContext: c.maxContext };
	return {};
}

export function choiceOfRun(e: RunEngine): EngineChoice {
	const s = e.settings;
	if (e.kind === 'webllm')
		return {
			kind: 'webllm',
			modelId: String(s.modelId ?? e.modelId),
			contextWindow: Number(s.contextWindow ?? 4096),
			...(typeof s.weightsUrl === 'string' ? { weightsUrl: s.weightsUrl } : {}),
			// Runs stored before batching existed answered one at a time: they go on that way.
			batch: s.batch === true
		};
	if (e.kind === 'openai')
		return { kind: 'openai', baseUrl: String(s.baseUrl ?? ''), model: String(s.model ?? e.modelId), maxContext: Number(s.maxContext ?? 32768) };
	return { kind: 'oracle' };
}

export async function createEngine(c: EngineChoice, plans: ProbePlan[], f: EngineFactories = {}): Promise<Engine> {
	if (c.kind === 'oracle') {
		const [{ createOracleEngine }, { referenceAnswerer }] = await Promise.all([import('$lib/engines/oracle'), import('$lib/tasks/registry')]);
		return createOracleEngine(referenceAnswerer(plans));
	}
	if (c.kind === 'openai') {
		const { createOpenAiEngine } = await import('$lib/engines/openai');
		const apiKey = await f.apiKey?.(c.baseUrl);
		const engine = createOpenAiEngine({ baseUrl: c.baseUrl, model: c.model, apiKey, maxContext: c.maxContext, stream: true });
		return apiKey ? engine : withNoKeyHint(engine, c.baseUrl);
	}
	if (f.webllm) return f.webllm(c, plans);
	const { startLocalEngine } = await import('./webllm-engine');
	return startLocalEngine(c, f.onLoadProgress);
}

/**
 * Without a key, an endpoint's 401 means "give me a key", not "this key is wrong": keys live in this tab's memory
 * unless remembered, so after a reload there is none. Say that, so the user enters it instead of doubting it.
 */
export function withNoKeyHint(engine: Engine, baseUrl: string): Engine {
	const hint = (e: unknown): unknown =>
		e instanceof EngineError && e.kind === 'auth'
			? new EngineError(
					'auth',
					`${safeHost(baseUrl)} asks for an API key, and there is no key in memory for it (a key not remembered is gone after a reload). Enter the key and resume.`,
					e.detail
				)
			: e;
	return {
		info: engine.info,
		capabilities: engine.capabilities,
		generate: (req) => engine.generate(req).catch((e) => Promise.reject(hint(e))),
		...(engine.generateBatch ? { generateBatch: (req: Parameters<NonNullable<Engine['generateBatch']>>[0]) => engine.generateBatch!(req).catch((e) => Promise.reject(hint(e))) } : {}),
		...(engine.dispose ? { dispose: () => engine.dispose!() } : {})
	};
}

/** A label for an engine choice before the engine exists. */
export function choiceLabel(c: EngineChoice): string {
	if (c.kind === 'oracle') return 'Perfect retrieval reference';
	if (c.kind === 'openai') return `${c.model} @ ${safeHost(c.baseUrl)}`;
	return c.modelId;
}

/** The host of an endpoint URL, for messages (the URL itself when it does not parse). */
export function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
