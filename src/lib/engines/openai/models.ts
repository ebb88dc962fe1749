// GET /v1/models: lets a form check the base URL and key, and offer the model names, before a run starts.
import { EngineError } from '$lib/engines/engine';
import { normalizeBaseUrl } from './config';
import { fetchFailure, httpError } from './errors';

export async function listModels(baseUrl: string, apiKey?: string, opts: { signal?: AbortSignal; fetch?: typeof fetch } = {}): Promise<string[]> {
	const base = normalizeBaseUrl(baseUrl);
	const host = new URL(base).host;
	const headers: Record<string, string> = { accept: 'application/json' };
	if (apiKey) headers.authorization = `Bearer ${apiKey}`;
	let res: Response;
	try {
		res = await (opts.fetch ?? fetch)(`${base}/models`, { headers, signal: opts.signal });
	} catch (e) {
		if (opts.signal?.aborted) throw new EngineError('aborted', 'Request cancelled.');
		const browser = typeof window !== 'undefined';
		throw fetchFailure(e, { host, browser, everConnected: false, origin: browser ? location.origin : undefined, secrets: [apiKey] });
	}
	const text = await res.text();
	if (!res.ok) throw httpError(res.status, text, { host, model: '(model list)', retryAfterMs: null, secrets: [apiKey] });
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new EngineError('bad-response', `${host} answered /models with something that is not JSON.`);
	}
	const data = (json as { data?: unknown })?.data;
	if (!Array.isArray(data)) throw new EngineError('bad-response', `${host} answered /models without a "data" list.`);
	return data.flatMap((m) => (m && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
}
