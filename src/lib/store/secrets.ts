// Engine settings may hold an API key; nothing that looks like a secret is stored in a run or leaves in an export.

const SECRET_NAME = /(api[-_]?key|apikey|secret|token|password|passwd|authori[sz]ation|bearer|credential)/i;
/** Values that look like keys even under an innocent name (OpenAI-style, bearer headers). */
const SECRET_VALUE = /^(sk-[A-Za-z0-9_-]{8,}|Bearer\s+\S+)/;

export function isSecretField(name: string, value: unknown): boolean {
	if (/^max[-_]?tokens$|tokens?$/i.test(name) && typeof value === 'number') return false; // "maxTokens" is no secret
	return SECRET_NAME.test(name) || (typeof value === 'string' && SECRET_VALUE.test(value.trim()));
}

/** A copy of `settings` without secret-looking fields. */
export function withoutSecrets<T extends Record<string, unknown>>(settings: T): Partial<T> {
	const out: Partial<T> = {};
	for (const [k, v] of Object.entries(settings)) if (!isSecretField(k, v)) (out as Record<string, unknown>)[k] = v;
	return out;
}
