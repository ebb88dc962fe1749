// State of one run's page (live and results), created per page instance. Answers arrive through the runner's sink
// and the charts re-aggregate from them; a finished run reads its answers from the store once.
import type { Probe, TaskName } from '$lib/types';
import type { RunRecord, StoredAnswer, TaskResult } from '$lib/store/schema';
import type { XMode } from '$lib/charts/position';
import { aggregate } from '$lib/scoring/aggregate';
import { initialProgress, reduceProgress, progressRates, type Progress } from '$lib/runner/progress';
import { executeRecord, probeIndex, type ActiveRun, type RunDeps } from './run-controller';
import { plansForRun } from './plans';
import { runStatusView } from './run-status';

export interface Selection {
	task: TaskName;
	start: number;
	end: number;
}

export class RunPageState {
	record = $state.raw<RunRecord | null>(null);
	answers = $state.raw<StoredAnswer[]>([]);
	progress = $state.raw<Progress>(initialProgress);
	loading = $state(true);
	/** The record (and its stored results) shows first; answers of a large run take longer to read. */
	answersLoading = $state(false);
	error = $state<string | null>(null);
	notFound = $state(false);
	running = $state(false);
	/** Another tab holds this run's lock (null: unknown, no Web Locks). */
	elsewhere = $state<boolean | null>(null);
	xMode = $state<XMode>('position');
	selection = $state<Selection | null>(null);
	/** The needle heatmap's opened cell (its answers show below the heatmap). */
	cell = $state<{ task: TaskName; length: number; depth: number } | null>(null);
	opened = $state.raw<StoredAnswer | null>(null);
	question = $state<string | null>(null);

	#deps: RunDeps;
	#active: ActiveRun | null = null;
	#probes: Map<string, Probe> | null = null;
	#pending: StoredAnswer[] = [];
	#flush = 0;

	constructor(deps: RunDeps) {
		this.#deps = deps;
	}

	/** Per task: aggregated from the answers in hand (live), else the stored results. */
	results = $derived.by(() => {
		const out: Partial<Record<TaskName, TaskResult>> = {};
		const paperBuckets = this.record?.engine.settings.paperBuckets === true;
		const byTask = new Map<TaskName, { setId: number; positionId: number; score: number }[]>();
		for (const a of this.answers) {
			let l = byTask.get(a.task);
			if (!l) byTask.set(a.task, (l = []));
			l.push(a);
		}
		for (const [t, pts] of byTask) out[t] = aggregate(pts, { paperBuckets });
		for (const [t, r] of Object.entries(this.record?.results ?? {}) as [TaskName, TaskResult][]) if (!out[t]) out[t] = r;
		return out;
	});

	rates = $derived(progressRates(this.progress));

	/** The status as the page shows it: a run whose tab closed mid-run reads "paused (the page was closed)". */
	status = $derived(this.record ? runStatusView(this.record, { here: this.running, elsewhere: this.elsewhere }) : null);

	async load(id: string): Promise<void> {
		this.loading = true;
		this.error = null;
		try {
			const got = await this.#deps.store.getRun(id);
			if (!got) {
				this.notFound = true;
				return;
			}
			if (!got.ok) throw new Error(got.error);
			this.record = got.record;
			// The record's count is refreshed every few answers; the stored answers are the one true count.
			const [stored, held] = await Promise.all([this.#deps.store.countAnswers(id).catch(() => got.record.progress.done), this.#lockHeld(id)]);
			this.elsewhere = held;
			this.progress = { ...initialProgress, done: stored, total: got.record.progress.total };
			this.loading = false;
			this.answersLoading = true;
			const { answers, problems } = await this.#deps.store.answers(id);
			this.answers = answers;
			this.progress = { ...this.progress, done: answers.length };
			if (problems.length) this.error = `${problems.length} stored answer(s) could not be read and are left out.`;
		} catch (e) {
			this.error = (e as Error).message;
		} finally {
			this.loading = false;
			this.answersLoading = false;
		}
	}

	get canResume(): boolean {
		const s = this.record?.status;
		return !this.running && !this.elsewhere && (s === 'ready' || s === 'running' || s === 'paused');
	}

	async #lockHeld(id: string): Promise<boolean | null> {
		const { runLockHeld } = await import('$lib/runner/run-lock');
		return runLockHeld(id);
	}

	/** Runs (or resumes) the loaded run in this tab. */
	async start(): Promise<void> {
		const record = this.record;
		if (!record || this.running || this.answersLoading) return;
		this.running = true;
		this.error = null;
		// One runner per run: a second tab would ask every question twice.
		const { acquireRunLock } = await import('$lib/runner/run-lock');
		const lock = await acquireRunLock(record.id);
		if (!lock) {
			this.running = false;
			this.elsewhere = true;
			this.error = 'This run is running in another tab of this browser. Close that tab (its answers are kept), then resume here.';
			return;
		}
		this.elsewhere = false;
		this.#active = executeRecord(record, this.#deps, {
			onPlans: (plans) => (this.#probes = probeIndex(plans)),
			onAnswer: (a) => this.#queue(a),
			onEvent: (e) => (this.progress = reduceProgress(this.progress, e))
		});
		try {
			const outcome = await this.#active.outcome;
			if (outcome.status === 'paused') this.error = outcome.pause.message;
		} catch (e) {
			this.error = (e as Error).message;
		} finally {
			lock.release();
			this.#drain();
			this.running = false;
			this.#active = null;
			const got = await this.#deps.store.getRun(record.id).catch(() => null);
			if (got?.ok) this.record = got.record;
		}
	}

	pause(): void {
		this.#active?.control.pause();
	}
	cancel(): void {
		this.#active?.control.cancel();
	}

	/** Answers land in batches per animation frame, so a fast engine costs one chart update per frame. */
	#queue(a: StoredAnswer) {
		this.#pending.push(a);
		if (this.#flush) return;
		const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
		this.#flush = raf(() => this.#drain()) as unknown as number;
	}
	#drain() {
		this.#flush = 0;
		if (!this.#pending.length) return;
		this.answers = [...this.answers, ...this.#pending];
		this.#pending = [];
	}

	select(sel: Selection | null) {
		this.selection = sel;
		this.cell = null;
		this.opened = null;
	}

	selectCell(task: TaskName, cell: { length: number; depth: number } | null) {
		this.cell = cell ? { task, length: cell.length, depth: cell.depth } : null;
		this.selection = null;
		this.opened = null;
	}

	async open(a: StoredAnswer | null): Promise<void> {
		this.opened = a;
		this.question = null;
		if (!a || !this.record) return;
		try {
			if (!this.#probes) this.#probes = probeIndex(await plansForRun(this.record.tasks, this.#deps.plans));
			this.question = this.#probes.get(a.probeId)?.instruction ?? '(this question is not in the rebuilt plan)';
		} catch (e) {
			this.question = `(the question could not be rebuilt: ${(e as Error).message})`;
		}
	}

	destroy() {
		this.#active?.control.pause();
	}
}
