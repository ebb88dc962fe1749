// Starting and resuming runs from the pages: settings → plans → run record → runner, answers into IndexedDB.
// No runes here; the page state modules hold what the user sees and pass callbacks in.
import type { ProbePlan, Probe } from '$lib/types';
import type { RunRecord, StoredAnswer, WeightsProvenance } from '$lib/store/schema';
import type { RunStore } from '$lib/store/run-store';
import type { RunEvent } from '$lib/runner/events';
import type { RunOutcome } from '$lib/runner/execute';
import { createRunControl, type RunControl } from '$lib/runner/control';
import { choiceOfRun, createEngine, engineSettings, type EngineFactories } from './engines';
import { plansForRun, plansForSettings, type PlanDeps } from './plans';
import type { EngineChoice, RunSettings } from './settings';
import type { ConvertedCatalog } from './converted-catalog';
import { isConvertedModelId, sameWeights, sourceLine, weightsProvenance } from './converted-spec';

export interface RunDeps {
	store: RunStore;
	plans: PlanDeps;
	engines?: EngineFactories;
	/** The models converted in this browser (default: the converter's store and web-llm's cache). */
	catalog?: () => Promise<ConvertedCatalog>;
}

/** The provenance of the converted weights a choice runs on; null for any other model. */
export async function convertedWeights(c: EngineChoice, deps: Pick<RunDeps, 'catalog'>): Promise<WeightsProvenance | null> {
	if (c.kind !== 'webllm' || !isConvertedModelId(c.modelId)) return null;
	const catalog = deps.catalog ?? (await import('./converted-catalog')).browserCatalog;
	return weightsProvenance(await (await catalog()).loadable(c.modelId));
}

/** Builds the plans, checks the engine can be created, and stores a fresh run record ("ready"). */
export async function createRun(s: RunSettings, deps: RunDeps): Promise<RunRecord> {
	const plans = await plansForSettings(s, deps.plans);
	// Read before the engine loads: a converted model that is not whole is refused here, with what to do.
	const weights = await convertedWeights(s.engine, deps);
	const engine = await createEngine(s.engine, plans, deps.engines);
	const [{ newRunRecord }, { appEnvironment }, { FILM_TEMPLATE }] = await Promise.all([
		import('$lib/runner/new-run'),
		import('$lib/runner/app-env'),
		import('$lib/tasks/prompt')
	]);
	// Whether the run started with a key (never the key): its page asks for one after a reload only if so.
	const keyGiven: Record<string, boolean> = s.engine.kind === 'openai' ? { keyGiven: !!(await deps.engines?.apiKey?.(s.engine.baseUrl)) } : {};
	const record = await newRunRecord({
		name: s.name,
		plans,
		engine,
		settings: { ...engineSettings(s.engine), ...keyGiven, preset: s.preset, paperBuckets: s.paperBuckets },
		env: appEnvironment(),
		promptTemplate: FILM_TEMPLATE,
		weights
	});
	await engine.dispose?.();
	await deps.store.putRun(record);
	return record;
}

export interface ExecuteHandlers {
	onAnswer?: (a: StoredAnswer) => void;
	onEvent?: (e: RunEvent) => void;
	onPlans?: (plans: ProbePlan[]) => void;
}

export interface ActiveRun {
	control: RunControl;
	outcome: Promise<RunOutcome>;
}

/** Rebuilds the run's plans, checks they match what the run started with, and runs every unanswered probe. */
export function executeRecord(record: RunRecord, deps: RunDeps, h: ExecuteHandlers = {}): ActiveRun {
	const control = createRunControl();
	const outcome = (async (): Promise<RunOutcome> => {
		const [{ executeRun }, { idbRunSink }, { planMismatch }, { scoreAnswer }, { aggregate }] = await Promise.all([
			import('$lib/runner/execute'),
			import('$lib/store/idb-sink'),
			import('$lib/runner/plan-digest'),
			import('$lib/scoring/index'),
			import('$lib/scoring/aggregate')
		]);
		const plans = await plansForRun(record.tasks, deps.plans);
		const mismatch = await planMismatch(record.tasks, plans);
		if (mismatch) throw new Error(`This run cannot be continued here: ${mismatch}.`);
		h.onPlans?.(plans);
		const choice = choiceOfRun(record.engine);
		await checkSameWeights(record, choice, deps);
		const engine = await createEngine(choice, plans, deps.engines);
		const sink = idbRunSink(deps.store, record.id);
		const paperBuckets = record.engine.settings.paperBuckets === true;
		try {
			return await executeRun({
				runId: record.id,
				plans,
				engine,
				sink: {
					load: sink.load,
					status: sink.status,
					save: async (a) => {
						await sink.save(a);
						h.onAnswer?.(a);
					}
				},
				score: scoreAnswer,
				aggregate: (points, o) => aggregate(points, { paperBuckets: o?.paperBuckets }),
				paperBuckets,
				batch: record.engine.kind === 'webllm' && record.engine.settings.batch === true,
				signal: control.signal,
				onEvent: h.onEvent
			});
		} finally {
			await engine.dispose?.();
		}
	})();
	return { control, outcome };
}

/** A run made with converted weights resumes only on the same weights: answers from two conversions never mix. */
async function checkSameWeights(record: RunRecord, choice: EngineChoice, deps: RunDeps): Promise<void> {
	const was = record.provenance.weights;
	if (!was) return;
	const now = await convertedWeights(choice, deps);
	if (now && !sameWeights(was, now))
		throw new Error(
			`This run was made with ${record.engine.label} converted from ${sourceLine(was)} on ${was.convertedAt.slice(0, 10)}; the model of that name in this browser ` +
				`was converted again since (from ${sourceLine(now)} on ${now.convertedAt.slice(0, 10)}), so its answers would mix two sets of weights. Start a new run with it instead.`
		);
}

export function probeIndex(plans: readonly ProbePlan[]): Map<string, Probe> {
	const m = new Map<string, Probe>();
	for (const p of plans) for (const x of p.probes) m.set(x.id, x);
	return m;
}
