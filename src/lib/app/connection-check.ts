// "Test connection" on the new-run page: one GET /models with the key typed, nothing stored, no run created.
// It says whether the endpoint answers, accepts the key and serves the model named.
import { safeHost } from './engines';

export interface ConnectionResult {
	ok: boolean;
	message: string;
}

export async function testConnection(
	baseUrl: string,
	model: string,
	apiKey: string | undefined,
	opts: { fetch?: typeof fetch; signal?: AbortSignal } = {}
): Promise<ConnectionResult> {
	const { listModels } = await import('$lib/engines/openai/models');
	const host = safeHost(baseUrl);
	let models: string[];
	try {
		models = await listModels(baseUrl, apiKey || undefined, opts);
	} catch (e) {
		const kind = (e as { kind?: string }).kind;
		const why = (e as Error).message;
		if (kind === 'auth' && !apiKey) return { ok: false, message: `${host} asks for an API key: enter it above. (${why})` };
		// Some servers have no model list; a 404 there says nothing about whether runs would work.
		if (kind === 'not-found') return { ok: true, message: `${host} answers, but lists no models (/models is missing), so the model name could not be checked.` };
		return { ok: false, message: why };
	}
	const name = model.trim();
	if (!name) return { ok: true, message: `${host} answers${apiKey ? ' and accepts the key' : ''}: ${models.length} model(s). Name the model to run.` };
	if (models.includes(name)) return { ok: true, message: `${host} answers${apiKey ? ', accepts the key' : ''} and serves ${name}.` };
	const some = models.slice(0, 8).join(', ');
	return {
		ok: false,
		message: `${host} answers${apiKey ? ' and accepts the key' : ''}, but does not list the model “${name}”${models.length ? `; it lists ${some}${models.length > 8 ? ', …' : ''}` : ''}.`
	};
}
