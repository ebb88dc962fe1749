// State of the new-run page: the settings being edited, what is wrong with them, the estimate and the share link.
import { PREBUILT_MODELS, filmModel, type ModelSpec } from '$lib/engines/webllm/models';
import { createRun, type RunDeps } from './run-controller';
import { decodeSettings, shareLink } from './share';
import { estimateRun } from './estimate';
import { presetSettings, settingsProblems, type EngineChoice, type PresetId, type RunSettings } from './settings';

export const WEBLLM_MODELS: ModelSpec[] = [filmModel('q4f16_1', ''), filmModel('q4f32_1', ''), ...PREBUILT_MODELS];

export class NewRunState {
	settings = $state<RunSettings>(presetSettings('quick'));
	ignored = $state<string[]>([]);
	starting = $state(false);
	error = $state<string | null>(null);
	stage = $state('');

	problems = $derived(settingsProblems(this.settings));
	canStart = $derived(Object.keys(this.problems).length === 0 && !this.starting);
	model = $derived(
		this.settings.engine.kind === 'webllm' ? (WEBLLM_MODELS.find((m) => m.id === (this.settings.engine as { modelId: string }).modelId) ?? null) : null
	);
	estimate = $derived(estimateRun(this.settings, this.model));

	#deps: RunDeps;
	constructor(deps: RunDeps) {
		this.#deps = deps;
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
			this.settings.engine = { kind, modelId: WEBLLM_MODELS[1].id, contextWindow: Math.max(this.settings.contextTokens, 4096) };
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
}
