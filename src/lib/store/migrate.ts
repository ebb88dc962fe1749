// Reading stored run records of any version this app has written. Each step lifts a record one version up;
// the result is validated as the current version, so a migration that forgets a field is caught, not stored.
import type { RunPause, RunRecord, RunStatus, TaskResult } from './schema';
import { RUN_SCHEMA_VERSION } from './schema';
import { isObject, type Result } from './check';
import { validateRun } from './validate';

/**
 * Version 1 (app 0.0.x): one flat record, epoch-millisecond dates, a `state` word, an `error` string, the app
 * version and commit under `app`, and no planDigest, template hash, GPU adapter or reuse path.
 */
export interface RunRecordV1 {
	schemaVersion: 1;
	id: string;
	name: string;
	created: number;
	state: 'running' | 'stopped' | 'error' | 'done';
	error: string | null;
	tasks: { name: string; version: string; options: Record<string, unknown>; seed: number | null; probes: number }[];
	engine: {
		kind: 'webllm' | 'openai' | 'oracle';
		model: string;
		label: string;
		quantization?: string;
		contextWindow?: number;
		prefixReuse?: boolean;
	};
	app: { version: string; commit: string };
	userAgent?: string;
	done: number;
	total: number;
	results?: Record<string, { buckets: { start: number; end: number; mean: number; std: number; n: number }[]; avg: number; gap: number }>;
}

function v1ToV2(r: RunRecordV1): unknown {
	if (!isObject(r) || !Array.isArray(r.tasks) || !isObject(r.engine) || !isObject(r.app) || typeof r.created !== 'number')
		return r; // let the v2 validator name what is missing
	const at = new Date(r.created).toISOString();
	const status: Record<RunRecordV1['state'], RunStatus> = {
		running: 'running',
		stopped: 'paused',
		error: 'paused',
		done: 'complete'
	};
	const pause: RunPause | null =
		r.state === 'error'
			? { reason: 'engine-error', message: r.error ?? 'the engine failed (no message was kept)', at }
			: r.state === 'stopped'
				? { reason: 'user', message: 'paused', at }
				: null;
	const results: Record<string, TaskResult> = {};
	for (const [task, res] of Object.entries(r.results ?? {}))
		results[task] = { ...res, scored: res.buckets.reduce((s, b) => s + b.n, 0) };
	return {
		schemaVersion: 2,
		id: r.id,
		name: r.name,
		createdAt: at,
		updatedAt: at,
		status: status[r.state] ?? r.state,
		pause,
		tasks: r.tasks.map((t) => ({
			task: t.name,
			taskVersion: t.version,
			options: t.options,
			seed: t.seed,
			probeCount: t.probes,
			planDigest: '' // unknown: a resumed v1 run cannot check that its rebuilt plan matches
		})),
		engine: { kind: r.engine.kind, modelId: r.engine.model, label: r.engine.label, settings: {} },
		provenance: {
			appVersion: r.app.version,
			appCommit: r.app.commit,
			taskVersions: Object.fromEntries(r.tasks.map((t) => [t.name, t.version])),
			seeds: Object.fromEntries(r.tasks.map((t) => [t.name, t.seed])),
			promptTemplateHash: null,
			engineKind: r.engine.kind,
			modelId: r.engine.model,
			quantization: r.engine.quantization ?? null,
			contextWindow: r.engine.contextWindow ?? null,
			prefixReuse: r.engine.prefixReuse ?? false,
			reusePath: null,
			gpu: null,
			userAgent: r.userAgent ?? null,
			date: at
		},
		progress: { done: r.done, total: r.total },
		results
	};
}

/**
 * Version 2 → 3: provenance gained `weights`, the source, hashes and fidelity of weights converted in the browser.
 * No version-2 run used converted weights (the app could not make them), so every one gets null. An app that reads
 * only version 2 refuses a version-3 record instead of writing it back without that field.
 */
function v2ToV3(r: Record<string, unknown>): unknown {
	// A broken record still moves up, so the v3 validator names what is wrong with it rather than its version.
	return { ...r, schemaVersion: 3, ...(isObject(r.provenance) ? { provenance: { ...r.provenance, weights: null } } : {}) };
}

const steps: Record<number, (r: never) => unknown> = { 1: v1ToV2, 2: v2ToV3 };

export interface ReadRun {
	record: RunRecord;
	/** The version the record was stored as, when it was migrated. */
	migratedFrom?: number;
}

/** Reads a stored or imported run record of any known version; says clearly why when it cannot. */
export function readRunRecord(raw: unknown): Result<ReadRun> {
	if (!isObject(raw)) return { ok: false, error: 'the run record is not an object' };
	const from = raw.schemaVersion;
	if (typeof from !== 'number' || !Number.isInteger(from) || from < 1)
		return { ok: false, error: 'the run record has no valid schemaVersion' };
	if (from > RUN_SCHEMA_VERSION)
		return {
			ok: false,
			error: `the run record has schema version ${from}, newer than this app reads (${RUN_SCHEMA_VERSION}); update the app`
		};
	let value: unknown = raw;
	for (let v = from; v < RUN_SCHEMA_VERSION; v++) value = steps[v](value as never);
	const valid = validateRun(value);
	if (!valid.ok) return { ok: false, error: from === RUN_SCHEMA_VERSION ? valid.error : `after migration from v${from}: ${valid.error}` };
	return { ok: true, value: from === RUN_SCHEMA_VERSION ? { record: valid.value } : { record: valid.value, migratedFrom: from } };
}
