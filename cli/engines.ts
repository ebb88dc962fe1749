// Which engine answers on the command line: the oracle (perfect retrieval, offline) or any OpenAI-compatible
// server. The API key comes from an environment variable and is never printed.
import type { Engine } from '$lib/engines/engine';
import { UsageError } from './args';
import { createOracleEngine } from '$lib/engines/oracle';
import { referenceAnswerer } from '$lib/tasks/registry';
import { createOpenAiEngine, type OpenAiEngineOptions } from '$lib/engines/openai/engine';
import { normalizeBaseUrl, type ApiMode } from '$lib/engines/openai/config';
import { nodeMistralTokenizer } from '$lib/tokenize/node';

export const CLI_ENGINES = ['oracle', 'openai'] as const;
export type CliEngineName = (typeof CLI_ENGINES)[number];

export interface CliEngineOptions {
	engine: CliEngineName;
	baseUrl?: string;
	model?: string;
	/** Name of the environment variable that holds the key (not the key). */
	apiKeyEnv: string;
	/** True when --api-key-env was given explicitly: then an unset variable is an error, not "no key". */
	apiKeyEnvExplicit: boolean;
	api: ApiMode;
	concurrency: number;
}

export interface CliEngine {
	engine: Engine;
	/** The key, so the caller can scrub it from anything it prints. */
	secret?: string;
	notes: string[];
}

export async function createCliEngine(o: CliEngineOptions, env: Record<string, string | undefined>): Promise<CliEngine> {
	if (o.engine === 'oracle') return { engine: createOracleEngine(referenceAnswerer()), notes: [] };
	if (!o.baseUrl) throw new UsageError('--base-url is required with --engine openai (e.g. https://api.openai.com/v1).');
	if (!o.model) throw new UsageError('--model is required with --engine openai.');
	try {
		normalizeBaseUrl(o.baseUrl);
	} catch (e) {
		throw new UsageError(`--base-url: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.apiKeyEnv)) throw new UsageError(`--api-key-env must name an environment variable, got "${o.apiKeyEnv}".`);
	const apiKey = env[o.apiKeyEnv]?.trim() || undefined;
	const notes: string[] = [];
	if (!apiKey) {
		if (o.apiKeyEnvExplicit) throw new UsageError(`--api-key-env ${o.apiKeyEnv}: that environment variable is not set or empty.`);
		notes.push(`${o.apiKeyEnv} is not set: sending no API key (fine for local servers).`);
	}
	// Usage fallback for servers that report none: Mistral's own tokenizer is exact for FILM-7B and its relatives,
	// and a fair estimate for other models.
	const tok = await nodeMistralTokenizer();
	const options: OpenAiEngineOptions = {
		baseUrl: o.baseUrl,
		model: o.model,
		apiKey,
		api: o.api,
		concurrency: o.concurrency,
		countTokens: (text) => tok.encode(text).length
	};
	try {
		return { engine: createOpenAiEngine(options), secret: apiKey, notes };
	} catch (e) {
		throw new UsageError(e instanceof Error ? e.message : String(e));
	}
}
