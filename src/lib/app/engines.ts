// From a run's engine choice to an Engine. The reference engine needs nothing; a cloud endpoint needs its key
// from the key store (never from the run record); WebLLM goes through its worker client once that is wired.
import type { Engine } from '$lib/engines/engine';
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
		return createOpenAiEngine({ baseUrl: c.baseUrl, model: c.model, apiKey, maxContext: c.maxContext, stream: true });
	}
	if (f.webllm) return f.webllm(c, plans);
	const { startLocalEngine } = await import('./webllm-engine');
	return startLocalEngine(c, f.onLoadProgress);
}

/** A label for an engine choice before the engine exists. */
export function choiceLabel(c: EngineChoice): string {
	if (c.kind === 'oracle') return 'Perfect retrieval reference';
	if (c.kind === 'openai') return `${c.model} @ ${safeHost(c.baseUrl)}`;
	return c.modelId;
}

function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
