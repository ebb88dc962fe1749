// State of the Models page: the converted models and the conversions in progress (both from the converter's store,
// so they survive a reload), and the one conversion this page drives: inspect → confirm → convert with progress →
// done, or an error that says what to do and offers Resume where the same conversion can go on.
import { inspectConversion, type Conversion } from '$lib/convert/browser/client';
import type { ConvertJob, JobSummary } from '$lib/convert/browser/protocol';
import type { ConvertedModel } from '$lib/convert/record';
import type { ConvertProgress } from '$lib/convert/run/progress';
import type { ConversionState } from '$lib/convert/run/state';
import { convertedBaseUrl } from '$lib/convert/run/prepare';
import { createConvertStore, type ConvertStore } from '$lib/convert/store';
import { deleteUnder, missingModelFiles } from '$lib/engines/webllm/runtime';
import { probeWebGpu, type WebGpuStatus } from '$lib/webgpu';
import { convertedCatalog, type CatalogListing } from './converted-catalog';
import { errorView, type ErrorView } from './convert-messages';
import {
	advancedJob, baselineJob, baselinePlan, emptyAdvancedForm, filmJob, resumeJob, targetFor, type AdvancedForm, type BaselineSource, type JobContext
} from './model-presets';

export interface ModelsPageDeps {
	store: Pick<ConvertStore, 'listStates' | 'listModels' | 'getModel' | 'deleteModel' | 'deleteState'>;
	/** Names among `names` that web-llm's cache lacks under `baseUrl`. */
	missing(baseUrl: string, names: string[]): Promise<string[]>;
	/** Deletes every cached file under a folder URL (web-llm's cache). */
	deleteUnder(prefix: string): Promise<number>;
	inspect(job: ConvertJob): Promise<Conversion>;
	gpu(): Promise<WebGpuStatus>;
}

export function browserModelsDeps(): ModelsPageDeps {
	return {
		store: createConvertStore(),
		missing: (base, names) => missingModelFiles(base, names),
		deleteUnder: (prefix) => deleteUnder(prefix),
		inspect: (job) => inspectConversion(job),
		gpu: () => probeWebGpu()
	};
}

/** `?hub=URL` points every Hub source at another Hub (a mirror, or the tests' local one); `?shard-kib=N` makes small shards. */
export function jobContextOf(q: URLSearchParams): JobContext {
	const hub = q.get('hub');
	const kib = Number(q.get('shard-kib'));
	return {
		...(hub && /^https?:\/\/\S+$/i.test(hub) ? { endpoint: hub.replace(/\/+$/, '') } : {}),
		...(Number.isInteger(kib) && kib >= 1 ? { shardBytes: kib * 1024 } : {})
	};
}

export type Phase = 'idle' | 'inspecting' | 'confirm' | 'converting' | 'done' | 'error';

export class ModelsPageState {
	gpu = $state.raw<WebGpuStatus | null>(null);
	ctx = $state.raw<JobContext>({});
	listing = $state.raw<CatalogListing>({ ready: [], incomplete: [], problems: [] });
	states = $state.raw<ConversionState[]>([]);
	loaded = $state(false);
	/** Counts the reads of the lists: the cache manager reads web-llm's cache again each time. */
	version = $state(0);
	listError = $state<string | null>(null);

	phase = $state<Phase>('idle');
	job = $state.raw<ConvertJob | null>(null);
	summary = $state.raw<JobSummary | null>(null);
	progress = $state.raw<ConvertProgress | null>(null);
	error = $state.raw<ErrorView | null>(null);
	done = $state.raw<ConvertedModel | null>(null);
	busy = $state('');

	baselineSource = $state<BaselineSource>('mlc');
	baselineToken = $state('');
	ggufUrl = $state('');
	advanced = $state<AdvancedForm>(emptyAdvancedForm());
	advancedErrors = $state<Partial<Record<keyof AdvancedForm, string>>>({});

	film = $derived(targetFor(this.gpu));
	baseline = $derived(baselinePlan(this.gpu));
	/** A completed model this job would replace (same id). */
	replaces = $derived(this.job ? (this.#allModels().find((m) => m.modelId === this.job!.modelId) ?? null) : null);
	/** An unfinished conversion under the same id that this job does not continue (another source or plan). */
	discards = $derived(this.job && this.summary && !this.summary.resume ? (this.states.find((s) => s.request.modelId === this.job!.modelId) ?? null) : null);
	/** Labels for the cache manager: converted folders by their records, not https://converted.invalid/…. */
	labels = $derived(Object.fromEntries([
		...this.states.map((s) => [convertedBaseUrl(s.request.modelId), `${s.request.label} (${s.request.target}), conversion not finished`]),
		...this.#allModels().map((m) => [m.baseUrl, `${m.label} (${m.target}, converted here)`])
	]));

	#deps: ModelsPageDeps;
	#conversion: Conversion | null = null;

	constructor(deps: ModelsPageDeps) {
		this.#deps = deps;
	}

	#allModels(): ConvertedModel[] {
		return [...this.listing.ready, ...this.listing.incomplete.map((x) => x.model)];
	}

	async load(q: URLSearchParams = new URLSearchParams()): Promise<void> {
		this.ctx = jobContextOf(q);
		const [gpu] = await Promise.all([this.#deps.gpu().catch((e): WebGpuStatus => ({ available: false, reason: (e as Error).message })), this.refresh()]);
		this.gpu = gpu;
	}

	async refresh(): Promise<void> {
		try {
			const [listing, { states, problems }] = await Promise.all([convertedCatalog(this.#deps).list(), this.#deps.store.listStates()]);
			this.listing = { ...listing, problems: [...listing.problems, ...problems] };
			this.states = states.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
			this.listError = null;
		} catch (e) {
			this.listError = `The converted models could not be read: ${(e as Error).message}`;
		} finally {
			this.loaded = true;
			this.version += 1;
		}
	}

	/** A conversion is inspected or running on this page. */
	get active(): boolean {
		return this.phase === 'inspecting' || this.phase === 'converting';
	}

	inspectFilm = () => this.inspect(filmJob(this.gpu, this.ctx));
	inspectBaseline = () => this.inspect(baselineJob(this.baselineSource, this.ctx, { token: this.baselineToken, ggufUrl: this.ggufUrl }));

	inspectAdvanced(): Promise<void> {
		const r = advancedJob($state.snapshot(this.advanced) as AdvancedForm, this.gpu, this.ctx);
		// File objects do not survive a snapshot's structured clone in every browser: keep the picked ones.
		if (r.ok && r.job.source.kind === 'files') r.job.source.files = this.advanced.files;
		this.advancedErrors = r.ok ? {} : r.errors;
		return r.ok ? this.inspect(r.job) : Promise.resolve();
	}

	/** Reads the source's headers (nothing large) and shows what the conversion will do; `start` skips the question. */
	async inspect(job: ConvertJob, o: { start?: boolean } = {}): Promise<void> {
		if (this.active) return;
		this.#close();
		Object.assign(this, { job, summary: null, progress: null, error: null, done: null, phase: 'inspecting' as Phase });
		try {
			this.#conversion = await this.#deps.inspect(job);
			this.summary = this.#conversion.summary;
			this.phase = 'confirm';
		} catch (e) {
			this.#fail(e);
			return;
		}
		if (o.start) await this.convert();
	}

	/** Converts what was inspected: a completed model of the same id, or another plan's leftovers, go first. */
	async convert(): Promise<void> {
		const c = this.#conversion;
		if (!c || this.phase !== 'confirm') return;
		this.phase = 'converting';
		try {
			if (this.replaces) await this.#removeModel(this.replaces);
			if (this.discards) await this.#removeState(this.discards.request.modelId);
			this.done = await c.start((p) => (this.progress = p));
			this.phase = 'done';
		} catch (e) {
			this.#fail(e);
		} finally {
			this.#close();
			await this.refresh();
		}
	}

	/** Stops a running conversion (it stays resumable) or drops the one waiting for confirmation. */
	cancel(): void {
		if (this.phase === 'converting') return this.#conversion?.cancel();
		this.#close();
		this.phase = 'idle';
	}

	/** After an error: the same job again (with a token if one was given since), going straight on where resumable. */
	retry(token?: string): Promise<void> {
		if (!this.job || this.active) return Promise.resolve();
		const job: ConvertJob = token?.trim() ? { ...this.job, token: token.trim() } : this.job;
		return this.inspect(job, { start: this.error?.resumable ?? false });
	}

	/** Continues a stored conversion (after a reload, a crash, a cancel or an error). */
	resume(s: ConversionState, o: { token?: string; files?: File[] } = {}): Promise<void> {
		const r = resumeJob(s, this.ctx, o);
		if (!r.ok) {
			this.job = null;
			this.error = errorView({ kind: 'unsupported', message: r.error });
			this.phase = 'error';
			return Promise.resolve();
		}
		return this.inspect(r.job, { start: true });
	}

	/** Deletes a conversion in progress: its cached files first, then its state. */
	async deleteConversion(s: ConversionState): Promise<void> {
		await this.#guarded(s.request.modelId, () => this.#removeState(s.request.modelId));
	}

	/** Deletes a converted model: its folder in web-llm's cache first, then its record. */
	async deleteModel(m: ConvertedModel): Promise<void> {
		await this.#guarded(m.modelId, () => this.#removeModel(m));
	}

	/** The cache manager's Delete: a converted folder goes with its record, so no record points at missing files. */
	async deleteFolder(modelUrl: string): Promise<void> {
		const m = this.#allModels().find((x) => x.baseUrl === modelUrl);
		const s = this.states.find((x) => convertedBaseUrl(x.request.modelId) === modelUrl);
		if (m) return this.deleteModel(m);
		if (s) return this.deleteConversion(s);
		await this.#deps.deleteUnder(modelUrl);
	}

	dismiss(): void {
		if (this.active) return;
		this.phase = 'idle';
		this.error = null;
		this.done = null;
	}

	destroy(): void {
		this.#conversion?.cancel();
		this.#close();
	}

	async #guarded(id: string, fn: () => Promise<void>): Promise<void> {
		if (this.active && this.job?.modelId === id) return;
		this.busy = id;
		try {
			await fn();
		} catch (e) {
			this.listError = `Could not delete ${id}: ${(e as Error).message}`;
		} finally {
			this.busy = '';
			await this.refresh();
		}
	}

	async #removeModel(m: ConvertedModel): Promise<void> {
		await this.#deps.deleteUnder(m.baseUrl);
		await this.#deps.store.deleteModel(m.modelId);
	}

	async #removeState(id: string): Promise<void> {
		await this.#deps.deleteUnder(convertedBaseUrl(id));
		await this.#deps.store.deleteState(id);
	}

	#fail(e: unknown): void {
		this.error = errorView(e);
		this.phase = 'error';
		this.#close();
	}

	#close(): void {
		this.#conversion?.close();
		this.#conversion = null;
	}
}
