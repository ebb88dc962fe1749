// State of the new-run page: the settings being edited, what is wrong with them, the estimate and the share link.
// The estimate counts the plans the run would build (recounted a moment after the settings change) and times them
// with this browser's stored speed check, or the closest device the project measured.
import { PREBUILT_MODELS, filmModel, type ModelSpec } from '$lib/engines/webllm/models';
import type { WebGpuStatus } from '$lib/webgpu';
import { createRun, type RunDeps } from './run-controller';
import { decodeSettings, shareLink } from './share';
import { estimateRun } from './estimate';
import { plansForSettings, taskOptions } from './plans';
import { planShape, sampledAnswerTokens, type PlanShape } from './plan-shape';
import { presetSettings, settingsProblems, type EngineChoice, type PresetId, type RunSettings } from './settings';
import { chooseSpeedSource } from './speed-source';
import { speedModelOf, type AdapterId, type SpeedRecord } from './speed-results';
import type { KnownDevice } from './known-devices';
import type { ConvertedCatalog } from './converted-catalog';
import type { ConvertedModel } from '$lib/convert/record';
import { convertedModelSpec } from './converted-spec';
import { pairSettings, paperPair } from './paper-pair';

export const WEBLLM_MODELS: ModelSpec[] = [filmModel('q4f16_1', ''), filmModel('q4f32_1', ''), ...PREBUILT_MODELS];

/** Where the estimate's device facts come from; the browser's own by default. */
export interface SpeedDeps {
	gpu(): Promise<WebGpuStatus>;
	stored(adapter: AdapterId, model: string, quantization: string): Promise<SpeedRecord | null>;
	known(): Promise<KnownDevice[]>;
}

export const browserSpeedDeps: SpeedDeps = {
	gpu: () => import('$lib/webgpu').then((m) => m.probeWebGpu()),
	stored: (adapter, model, quantization) =>
		import('./speed-results').then((m) => m.createSpeedResultsStore().find(adapter, model, quantization)).catch(() => null),
	known: () => import('./known-devices').then((m) => m.loadKnownDevices())
};

/** Settings edits come in bursts (typing a number): count once they settle. */
const COUNT_DELAY_MS = 400;

export class NewRunState {
	settings = $state<RunSettings>(presetSettings('quick'));
	ignored = $state<string[]>([]);
	starting = $state(false);
	error = $state<string | null>(null);
	stage = $state('');
	gpu = $state.raw<WebGpuStatus | null>(null);
	stored = $state.raw<SpeedRecord | null>(null);
	known = $state.raw<KnownDevice[]>([]);
	shape = $state.raw<PlanShape | null>(null);
	countError = $state<string | null>(null);
	/** Models converted in this browser whose every file is in web-llm's cache. */
	convertedModels = $state.raw<ConvertedModel[]>([]);
	converted = $derived(this.convertedModels.map((m) => convertedModelSpec(m)));
	/** The paper preset's two models, as this browser can run them. */
	pair = $derived(paperPair(this.gpu, this.convertedModels));

	problems = $derived(settingsProblems(this.settings));
	canStart = $derived(Object.keys(this.problems).length === 0 && !this.starting);
	model = $derived(
		this.settings.engine.kind === 'webllm'
			? ([...WEBLLM_MODELS, ...this.converted].find((m) => m.id === (this.settings.engine as { modelId: string }).modelId) ?? null)
			: null
	);
	/** What the plans are built from: the same key, the same plans. */
	planKey = $derived(JSON.stringify(this.settings.tasks.map((t) => [t, taskOptions(this.settings, t)])));
	speed = $derived(this.settings.engine.kind === 'webllm' ? chooseSpeedSource({ gpu: this.gpu, model: this.model, stored: this.stored, known: this.known }) : null);
	estimate = $derived(estimateRun(this.settings, this.shape, { model: this.model, speed: this.speed, gpu: this.gpu }));

	#deps: RunDeps;
	#speedDeps: SpeedDeps;
	#shapes = new Map<string, PlanShape>();
	#counting = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(deps: RunDeps, speedDeps: SpeedDeps = browserSpeedDeps) {
		this.#deps = deps;
		this.#speedDeps = speedDeps;
	}

	/** The adapter and the known devices, once per page. */
	async loadDevice(): Promise<void> {
		const [gpu, known] = await Promise.all([this.#speedDeps.gpu(), this.#speedDeps.known().catch(() => [])]);
		this.gpu = gpu;
		this.known = known;
	}

	/** The converted models this browser can load (a listing problem only leaves them out). */
	async loadConverted(): Promise<void> {
		const catalog = this.#deps.catalog ?? (await import('./converted-catalog')).browserCatalog;
		const listed = await catalog()
			.then((c: ConvertedCatalog) => c.list())
			.catch(() => null);
		this.convertedModels = listed ? listed.ready : [];
	}

	/** This browser's speed-check record for the chosen model, when there is one. */
	async loadStored(): Promise<void> {
		const gpu = this.gpu;
		const model = this.model;
		if (!gpu?.available || !model) return void (this.stored = null);
		const adapter = { vendor: gpu.vendor, architecture: gpu.architecture, description: gpu.description };
		const found = await this.#speedDeps.stored(adapter, speedModelOf(model.id), model.quantization);
		if (this.model === model) this.stored = found;
	}

	/** Count the plans of the current settings (after a short pause); known settings are counted once. */
	countSoon(): void {
		if (this.#timer) clearTimeout(this.#timer);
		const key = this.planKey;
		const cached = this.#shapes.get(key);
		this.countError = null;
		if (cached) return void (this.shape = cached);
		this.shape = null;
		if (Object.keys(this.problems).some((k) => k !== 'engine')) return;
		const settings = $state.snapshot(this.settings) as RunSettings;
		this.#timer = setTimeout(() => void this.#count(key, settings), COUNT_DELAY_MS);
	}

	async #count(key: string, settings: RunSettings): Promise<void> {
		const seq = ++this.#counting;
		try {
			const [plans, tok, { expectedAnswer }] = await Promise.all([
				plansForSettings(settings, this.#deps.plans),
				this.#deps.plans.tokenizer(),
				import('$lib/tasks/registry')
			]);
			// An answer is its expected text and the stop token.
			const answerTokens = sampledAnswerTokens(plans, (p) => tok.encode(expectedAnswer(p.gold) ?? '').length + 1);
			const shape = planShape(plans, answerTokens);
			this.#shapes.set(key, shape);
			if (seq === this.#counting && key === this.planKey) this.shape = shape;
		} catch (e) {
			if (seq === this.#counting) this.countError = `The plan could not be counted: ${(e as Error).message}`;
		}
	}

	/** Fill from a link: `?preset=…` alone picks a preset; a full share link sets every field. */
	fromQuery(q: URLSearchParams) {
		if (q.has('tasks') || q.has('engine')) {
			const { settings, ignored } = decodeSettings(q);
			this.settings = settings;
			this.ignored = ignored;
		} else if (q.has('preset')) this.applyPreset(q.get('preset') as PresetId);
	}

	applyPreset(id: PresetId) {
		this.settings = presetSettings(id, this.settings.engine);
	}

	setEngine(kind: EngineChoice['kind']) {
		if (kind === this.settings.engine.kind) return;
		if (kind === 'oracle') this.settings.engine = { kind };
		else if (kind === 'webllm')
			// FILM-7B first: the one converted here when there is one, else the weights-URL entry.
			this.settings.engine = { kind, modelId: (this.converted.find((m) => m.id.startsWith('FILM-7B')) ?? WEBLLM_MODELS[1]).id, contextWindow: Math.max(this.settings.contextTokens, 4096) };
		else this.settings.engine = { kind, baseUrl: 'http://127.0.0.1:8080/v1', model: '', maxContext: 32768 };
	}

	link(origin: string): string {
		return shareLink(origin, this.settings);
	}

	/** Builds the plans, stores the run and returns its id (the page then opens it, which starts it). */
	async start(): Promise<string | null> {
		if (!this.canStart) return null;
		this.starting = true;
		this.error = null;
		this.stage = 'Building the contexts (tokenizing every item)…';
		try {
			const record = await createRun($state.snapshot(this.settings) as RunSettings, this.#deps);
			return record.id;
		} catch (e) {
			this.error = (e as Error).message;
			return null;
		} finally {
			this.starting = false;
			this.stage = '';
		}
	}

	/**
	 * The paper replication for FILM-7B and its baseline: one run per model, both created (and both models checked)
	 * before the first question, so the pair never stops halfway for a model that cannot load. Returns both ids,
	 * FILM-7B's first; its page goes on to the baseline's when it finishes.
	 */
	async startPair(): Promise<[string, string] | null> {
		const blocked = Object.keys(this.problems).some((k) => k !== 'engine');
		if (blocked || this.starting || !this.pair.ready) return null;
		this.starting = true;
		this.error = null;
		const ids: string[] = [];
		try {
			for (const [k, s] of pairSettings(this.pair, $state.snapshot(this.settings) as RunSettings).entries()) {
				this.stage = `Preparing the ${k === 0 ? 'FILM-7B' : 'baseline'} run (building the contexts, loading the model once)…`;
				ids.push((await createRun(s, this.#deps)).id);
			}
			return [ids[0], ids[1]];
		} catch (e) {
			const made = ids.length ? ` The FILM-7B run was created and waits on the Runs page; the baseline's could not be:` : '';
			this.error = `${made} ${(e as Error).message}`.trim();
			return null;
		} finally {
			this.starting = false;
			this.stage = '';
		}
	}

	destroy(): void {
		if (this.#timer) clearTimeout(this.#timer);
	}
}
