// Run settings as a link: everything needed to start the same run elsewhere, and never a key.
// The encoding is plain query parameters so a link stays readable; decode() trusts nothing it reads.
import { isTaskName, taskSpec, taskSpecs } from '$lib/tasks/registry';
import type { SettingField } from '$lib/tasks/spec';
import { defaultSettings, type EngineChoice, type PresetId, type RunSettings } from './settings';

const PRESET_IDS: (PresetId | 'custom')[] = ['quick', 'paper', 'needle', 'longdoc', 'custom'];

export function encodeSettings(s: RunSettings): URLSearchParams {
	const q = new URLSearchParams();
	q.set('preset', s.preset);
	if (s.name) q.set('name', s.name);
	q.set('tasks', s.tasks.join(','));
	q.set('engine', s.engine.kind);
	if (s.engine.kind === 'webllm') {
		q.set('model', s.engine.modelId);
		q.set('window', String(s.engine.contextWindow));
		if (s.engine.weightsUrl) q.set('weights', withoutCredentials(s.engine.weightsUrl));
	} else if (s.engine.kind === 'openai') {
		q.set('endpoint', withoutCredentials(s.engine.baseUrl));
		q.set('model', s.engine.model);
		q.set('window', String(s.engine.maxContext));
	}
	q.set('sets', String(s.sets));
	q.set('positions', s.positions === null ? 'all' : String(s.positions));
	q.set('ctx', String(s.contextTokens));
	q.set('seed', String(s.seed));
	if (s.paperBuckets) q.set('paperBuckets', '1');
	// Each chosen task's own settings, under the parameter names its registry entry gives them.
	const values = s as unknown as Record<string, unknown>;
	for (const t of s.tasks)
		for (const f of taskSpec(t).settings.fields) {
			const v = f.param ? encodeField(f, values[f.key]) : '';
			if (v) q.set(f.param!, v);
		}
	return q;
}

function encodeField(f: SettingField, v: unknown): string {
	if (f.kind === 'ints') return Array.isArray(v) ? v.join(',') : '';
	if (f.kind !== 'url') return '';
	return typeof v === 'string' && v ? withoutCredentials(v) : '';
}

/** A task field's value from a link, or null when the link's text is not one. */
function decodeField(f: SettingField, raw: string): unknown {
	if (f.kind === 'ints') return ints(raw, f.min ?? 0, f.max ?? Number.MAX_SAFE_INTEGER);
	if (f.kind !== 'url') return null;
	const url = withoutCredentials(raw);
	return /^(https?:\/\/|\/)/i.test(url) ? url : null;
}

/** A user:password@ in an endpoint URL is a secret too; it never goes into a link. */
export function withoutCredentials(url: string): string {
	try {
		const u = new URL(url);
		u.username = '';
		u.password = '';
		for (const k of [...u.searchParams.keys()]) if (/key|token|secret|auth|sig/i.test(k)) u.searchParams.delete(k);
		return u.toString().replace(/\/$/, '');
	} catch {
		return '';
	}
}

function int(v: string | null, lo: number, hi: number): number | null {
	if (v === null || !/^\d+$/.test(v)) return null;
	const n = Number(v);
	return n >= lo && n <= hi ? n : null;
}

function ints(v: string | null, lo: number, hi: number, max = 32): number[] | null {
	if (!v) return null;
	const parts = v.split(',').slice(0, max).map((x) => int(x.trim(), lo, hi));
	return parts.every((x) => x !== null) && parts.length ? (parts as number[]) : null;
}

/** Settings from a link; anything missing or malformed keeps its default. Returns the fields it could not read. */
export function decodeSettings(q: URLSearchParams): { settings: RunSettings; ignored: string[] } {
	const s = defaultSettings();
	const ignored: string[] = [];
	const bad = (k: string) => q.has(k) && ignored.push(k);

	const preset = q.get('preset');
	if (preset && (PRESET_IDS as string[]).includes(preset)) s.preset = preset as PresetId;
	else bad('preset');
	const name = q.get('name');
	if (name) s.name = name.slice(0, 120);
	const tasks = (q.get('tasks') ?? '').split(',').filter(isTaskName);
	if (tasks.length) s.tasks = [...new Set(tasks)];
	else bad('tasks');

	const engine = decodeEngine(q);
	if (engine) s.engine = engine;
	else bad('engine');

	s.sets = int(q.get('sets'), 1, 16) ?? (bad('sets'), s.sets);
	const pos = q.get('positions');
	if (pos === 'all') s.positions = null;
	else s.positions = int(pos, 1, 100_000) ?? (bad('positions'), s.positions);
	s.contextTokens = int(q.get('ctx'), 1024, 131072) ?? (bad('ctx'), s.contextTokens);
	s.seed = int(q.get('seed'), 0, 2 ** 31) ?? (bad('seed'), s.seed);
	s.paperBuckets = q.get('paperBuckets') === '1';
	const values = s as unknown as Record<string, unknown>;
	for (const spec of taskSpecs())
		for (const f of spec.settings.fields) {
			if (!f.param) continue;
			const raw = q.get(f.param);
			// An empty URL means "the task's default source", as an absent one does.
			if (raw === null || (raw === '' && f.kind === 'url')) continue;
			const v = decodeField(f, raw);
			if (v === null) bad(f.param);
			else values[f.key] = v;
		}
	return { settings: s, ignored };
}

function decodeEngine(q: URLSearchParams): EngineChoice | null {
	const kind = q.get('engine');
	if (kind === 'oracle') return { kind: 'oracle' };
	if (kind === 'webllm') {
		const modelId = q.get('model');
		const window = int(q.get('window'), 1024, 1_048_576);
		const weights = withoutCredentials(q.get('weights') ?? '');
		if (!modelId || !/^[\w.-]{1,120}$/.test(modelId) || !window) return null;
		return { kind: 'webllm', modelId, contextWindow: window, ...(/^https?:\/\//i.test(weights) ? { weightsUrl: weights } : {}) };
	}
	if (kind === 'openai') {
		const endpoint = withoutCredentials(q.get('endpoint') ?? '');
		const model = q.get('model');
		const window = int(q.get('window'), 1024, 1_048_576);
		if (!/^https?:\/\//i.test(endpoint) || !model || !window) return null;
		return { kind: 'openai', baseUrl: endpoint, model: model.slice(0, 200), maxContext: window };
	}
	return null;
}

/** A full link to the new-run page with these settings filled in. */
export function shareLink(origin: string, s: RunSettings): string {
	return `${origin}/run/new?${encodeSettings(s).toString()}`;
}
