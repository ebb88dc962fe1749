// How a run differs from what the paper's figures measured, read from the run record alone (task options, engine,
// provenance), so every page that sets a run beside the paper can say it where the figures are drawn.
import type { RunRecord } from '$lib/store/schema';
import type { TaskName } from '$lib/types';
import { contextTokens as k } from '$lib/charts/format';
import { LONGBENCH_DEMO_URL } from '$lib/tasks/longbench/task';

/** The paper's VaL probing (SPEC §2) and LongBench set-up (§3). */
const PAPER = { contextTokens: 32768, sets: 4, items: { document: 800, code: 800, database: 750 } as Record<string, number> };

export interface ComparabilityNote {
	/** The task the note is about; 'film' for all three probing tasks at once, 'run' for the whole run. */
	scope: TaskName | 'film' | 'run';
	text: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function comparabilityNotes(r: Pick<RunRecord, 'tasks' | 'engine' | 'provenance'>): ComparabilityNote[] {
	const out: ComparabilityNote[] = [];
	const film = r.tasks.filter((t) => t.task === 'document' || t.task === 'code' || t.task === 'database');
	if (film.length) {
		// FILM's tasks of one run share their options (one settings form): word them once, unless they differ.
		const same = film.every((t) => JSON.stringify(t.options) === JSON.stringify(film[0].options));
		for (const t of same ? [film[0]] : film) {
			const scope = same ? 'film' : t.task;
			const o = t.options;
			const tokens = num(o.contextTokens) ?? PAPER.contextTokens;
			const sets = num(o.sets) ?? PAPER.sets;
			const positions = num(o.positions);
			if (tokens !== PAPER.contextTokens) {
				const tasks = same ? film.map((x) => x.task) : [t.task];
				const items = (list: readonly string[], f: (n: number) => number) => list.map((x) => f(PAPER.items[x]).toLocaleString('en')).join(' / ');
				out.push({
					scope,
					text:
						`Contexts of ${k(tokens)} tokens, not the paper's 32K: about ${items(tasks, (n) => Math.round((n * tokens) / PAPER.contextTokens))} items instead of ` +
						`${items(tasks, (n) => n)}, so positions span only part of the paper's axis. Compare the shape and the level, not position by position.`
				});
			}
			if (positions !== null)
				out.push({
					scope,
					text: `Sampled positions: ${positions} questions per context, where the paper asks every position. A bucket holds a few answers instead of 50, so its mean moves in big steps.`
				});
			if (sets !== PAPER.sets)
				out.push({
					scope,
					text:
						sets === 1
							? 'One context per task, where the paper averages 4: there is no spread over contexts, so the bands are flat.'
							: `${sets} contexts per task, where the paper averages 4: the bands measure a different spread.`
				});
		}
		if (r.engine.settings.paperBuckets !== true)
			out.push({
				scope: 'film',
				text: "Buckets average all 50 positions; the paper's plot script averages 49 of them (an off-by-one). Tick “Average buckets like the paper's plot script” for the paper's way."
			});
		out.push({
			scope: 'film',
			text: `Contexts drawn from FILM's pools by this app (seed ${film[0].seed ?? 0}), not the official VaLProbing-32K contexts: the same kind of test, not the same questions.`
		});
	}
	const lb = r.tasks.find((t) => t.task === 'longbench');
	if (lb) {
		const source = String(lb.options.source ?? LONGBENCH_DEMO_URL);
		if (source === LONGBENCH_DEMO_URL)
			out.push({
				scope: 'longbench',
				text: "Synthetic data: the offline demo documents were written for this app, not taken from LongBench. The paper's Table 2 is drawn beside it for the layout only; the numbers do not compare."
			});
		const window = num(lb.options.contextWindow);
		if (window !== null && window < PAPER.contextTokens)
			out.push({ scope: 'longbench', text: `Prompts cut to ${k(window)} tokens in the middle, where FILM-7B read up to 32K: long documents lose more.` });
		if (Array.isArray(lb.options.datasets) || num(lb.options.maxPerDataset) !== null)
			out.push({ scope: 'longbench', text: 'A subset of LongBench (some datasets or rows only): averages cover what was run.' });
	}
	if (r.engine.kind === 'oracle')
		out.push({ scope: 'run', text: 'The perfect-retrieval reference answers by looking each key up: a check of the pipeline, not a model.' });
	const q = r.provenance.quantization;
	const w = r.provenance.weights;
	const converted = w
		? ` Converted in this browser from ${w.source.commit ? `${w.source.location}@${w.source.commit.slice(0, 7)}` : w.source.location}: relative RMS error ${pct(w.fidelity.meanRelRms)} on average over ${w.fidelity.tensors} tensors, worst ${pct(w.fidelity.worstRelRms)}.`
		: '';
	if (r.engine.kind === 'webllm' && q && /^q\d/.test(q))
		out.push({ scope: 'run', text: `Weights quantised to ${q.slice(1, 2)} bits (${q}); the paper's answers come from the unquantised models.${converted}` });
	return out;
}
