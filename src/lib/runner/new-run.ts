// A fresh run record: tasks with their plan digests, the engine and its settings, and full provenance.
import type { Engine } from '$lib/engines/engine';
import type { ProbePlan } from '$lib/types';
import type { GpuAdapterInfo, RunRecord, WeightsProvenance } from '$lib/store/schema';
import { RUN_SCHEMA_VERSION } from '$lib/store/schema';
import { sha256Hex } from '$lib/store/hash';
import { withoutSecrets } from '$lib/store/secrets';
import { newRunId } from '$lib/store/ids';
import type { AppEnvironment } from './app-env';
import { planDigest } from './plan-digest';

export interface NewRunInput {
	name: string;
	plans: readonly ProbePlan[];
	engine: Pick<Engine, 'info' | 'capabilities'>;
	/** Engine settings as chosen (secrets are dropped here, before anything is stored). */
	settings?: Record<string, string | number | boolean | null>;
	env: AppEnvironment;
	gpu?: GpuAdapterInfo | null;
	/** Weights converted in this browser (the converted model's record, as provenance); null or absent otherwise. */
	weights?: WeightsProvenance | null;
	/** The prompt template the plans were built with (e.g. FILM_TEMPLATE); it is hashed, not stored. */
	promptTemplate?: string;
	id?: string;
	now?: Date;
}

export { newRunId };

function seedOf(plan: ProbePlan): number | null {
	const s = plan.options.seed;
	return typeof s === 'number' && Number.isFinite(s) ? s : null;
}

export async function newRunRecord(input: NewRunInput): Promise<RunRecord> {
	const now = input.now ?? new Date();
	const at = now.toISOString();
	const { info, capabilities } = input.engine;
	const details = info.details ?? {};
	const detailPath = typeof details.reusePath === 'string' ? details.reusePath : null;
	const tasks = await Promise.all(
		input.plans.map(async (p) => ({
			task: p.task,
			taskVersion: p.taskVersion,
			options: structuredClone(p.options),
			seed: seedOf(p),
			probeCount: p.probes.length,
			planDigest: await planDigest(p)
		}))
	);
	const total = tasks.reduce((n, t) => n + t.probeCount, 0);
	return {
		schemaVersion: RUN_SCHEMA_VERSION,
		id: input.id ?? newRunId(now),
		name: input.name.trim() || `${info.label} · ${tasks.map((t) => t.task).join(', ')}`,
		createdAt: at,
		updatedAt: at,
		status: 'ready',
		pause: null,
		tasks,
		engine: {
			kind: info.kind,
			modelId: info.modelId,
			label: info.label,
			settings: withoutSecrets(input.settings ?? {}) as Record<string, string | number | boolean | null>
		},
		provenance: {
			appVersion: input.env.appVersion,
			appCommit: input.env.appCommit,
			taskVersions: Object.fromEntries(tasks.map((t) => [t.task, t.taskVersion])),
			seeds: Object.fromEntries(tasks.map((t) => [t.task, t.seed])),
			promptTemplateHash: input.promptTemplate !== undefined ? await sha256Hex(input.promptTemplate) : null,
			engineKind: info.kind,
			modelId: info.modelId,
			quantization: info.quantization ?? null,
			contextWindow: info.contextWindow ?? capabilities.maxContext ?? null,
			prefixReuse: capabilities.prefixReuse,
			reusePath: capabilities.prefixReuse ? detailPath : null,
			gpu: input.gpu ?? null,
			userAgent: input.env.userAgent,
			date: at,
			weights: input.weights ? structuredClone(input.weights) : null
		},
		progress: { done: 0, total },
		results: {}
	};
}
