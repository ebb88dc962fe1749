// The speed check's parameters, read from the page URL so a headless harness can drive it. Pure.

export const WORKERS = { '0286': '0.2.86', '0279': '0.2.79' } as const;
export type WorkerChoice = keyof typeof WORKERS;

export interface SpeedParams {
	/** A model spec id (PREBUILT_MODELS) or "FILM-7B"; the quantization is then picked by the adapter's features. */
	model: string;
	/** Force a quantization instead of picking by the adapter. */
	quant: 'auto' | 'q4f16_1' | 'q4f32_1';
	/** Model library URL (absolute, or a path on this origin); default: the record's own library. */
	lib: string | null;
	lengths: number[];
	decodeSteps: number;
	questionTokens: number;
	/** KV window to load with; default: room for the longest rung. */
	contextWindow: number | null;
	vocabSize: number;
	seed: number;
	worker: WorkerChoice;
	/** Self-check prompt sizes (prefix tokens, question tokens). */
	checkPrefix: number;
	checkQuestion: number;
	/** Start at once (a harness), instead of waiting for the button. */
	auto: boolean;
	/** Same-origin path to POST the result JSON to (e.g. /result), or null. */
	post: string | null;
	/** Same-origin path to POST status lines to (e.g. /log), so a headless run shows its progress. */
	log: string | null;
	/** The batch phase (0 questions: none): questions on one context, one at a time and batched (batch-phase.ts). */
	batch: { questions: number; contextTokens: number; questionTokens: number; answerTokens: number; maxB: number; modes: ('single' | 'none' | 'right')[] };
	/** Same-origin paths: GET an earlier run's one-at-a-time answers (a GPU run split over two calls), POST this run's. */
	batchBaseline: string | null;
	batchSave: string | null;
}

export const DEFAULTS: SpeedParams = {
	model: 'FILM-7B',
	quant: 'auto',
	lib: null,
	lengths: [1024, 4096, 16384],
	decodeSteps: 16,
	questionTokens: 60,
	contextWindow: null,
	vocabSize: 32000,
	seed: 1,
	worker: '0286',
	checkPrefix: 64,
	checkQuestion: 4,
	auto: false,
	post: null,
	log: null,
	batch: { questions: 0, contextTokens: 16384, questionTokens: 40, answerTokens: 20, maxB: 32, modes: ['single', 'none', 'right'] },
	batchBaseline: null,
	batchSave: null
};

const int = (v: string | null, d: number, min = 1) => {
	if (v === null || v === '') return d;
	const n = Number(v);
	return Number.isInteger(n) && n >= min ? n : d;
};

export function parseSpeedParams(q: URLSearchParams): { params: SpeedParams; errors: string[] } {
	const errors: string[] = [];
	const lengths = q.has('lens')
		? (q.get('lens') ?? '').split(',').filter(Boolean).map(Number)
		: DEFAULTS.lengths;
	if (lengths.some((n) => !Number.isInteger(n) || n < 1)) errors.push(`lens must be positive integers: ${q.get('lens')}`);
	const modes = (q.get('bmodes') ?? DEFAULTS.batch.modes.join(',')).split(',').filter(Boolean);
	if (modes.some((m) => m !== 'single' && m !== 'none' && m !== 'right')) errors.push(`bmodes must list single, none, right: ${q.get('bmodes')}`);
	const bbase = q.get('bbase');
	const bsave = q.get('bsave');
	if (modes.includes('right') && !bbase && !modes.slice(0, modes.indexOf('right')).includes('single')) errors.push('bmodes: right drafts need single before them (or bbase)');
	const batchQuestions = int(q.get('bq'), 0, 0);
	if (!lengths.length && !batchQuestions) errors.push('nothing to measure: give lens, or bq for the batch phase');
	const quant = q.get('quant') ?? 'auto';
	if (quant !== 'auto' && quant !== 'q4f16_1' && quant !== 'q4f32_1') errors.push(`quant must be auto, q4f16_1 or q4f32_1: ${quant}`);
	const worker = q.get('worker') ?? DEFAULTS.worker;
	if (!(worker in WORKERS)) errors.push(`worker must be one of ${Object.keys(WORKERS).join(', ')}: ${worker}`);
	const post = q.get('post');
	const log = q.get('log');
	// Same origin only: the result never leaves for another host.
	const path = (v: string | null) => v !== null && /^\/[A-Za-z0-9/_-]*$/.test(v);
	if (post !== null && !path(post)) errors.push(`post must be a path on this origin: ${post}`);
	if (log !== null && !path(log)) errors.push(`log must be a path on this origin: ${log}`);
	const file = (v: string | null) => v !== null && /^\/[A-Za-z0-9/_.-]*$/.test(v) && !v.includes('..');
	if (bbase !== null && !file(bbase)) errors.push(`bbase must be a path on this origin: ${bbase}`);
	if (bsave !== null && !path(bsave)) errors.push(`bsave must be a path on this origin: ${bsave}`);
	const ctx = q.get('ctx');
	return {
		params: {
			model: q.get('model') || DEFAULTS.model,
			quant: (errors.some((e) => e.startsWith('quant')) ? 'auto' : quant) as SpeedParams['quant'],
			lib: q.get('lib') || null,
			lengths: [...new Set(lengths.filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => a - b),
			decodeSteps: int(q.get('dec'), DEFAULTS.decodeSteps),
			questionTokens: int(q.get('ql'), DEFAULTS.questionTokens),
			contextWindow: ctx ? int(ctx, 0) || null : null,
			vocabSize: int(q.get('vocab'), DEFAULTS.vocabSize, 4),
			seed: int(q.get('seed'), DEFAULTS.seed, 0),
			worker: (worker in WORKERS ? worker : DEFAULTS.worker) as WorkerChoice,
			checkPrefix: int(q.get('scp'), DEFAULTS.checkPrefix),
			checkQuestion: int(q.get('scq'), DEFAULTS.checkQuestion),
			auto: q.get('auto') === '1',
			post: path(post) ? post : null,
			log: path(log) ? log : null,
			batch: {
				questions: batchQuestions,
				contextTokens: int(q.get('bn'), DEFAULTS.batch.contextTokens),
				questionTokens: int(q.get('bql'), DEFAULTS.batch.questionTokens),
				answerTokens: int(q.get('bal'), DEFAULTS.batch.answerTokens),
				maxB: int(q.get('bB'), DEFAULTS.batch.maxB),
				modes: modes.filter((m): m is 'single' | 'none' | 'right' => m === 'single' || m === 'none' || m === 'right')
			},
			batchBaseline: file(bbase) ? bbase : null,
			batchSave: path(bsave) ? bsave : null
		},
		errors
	};
}

/** The window to load with: the one asked for, else the longest rung plus room, rounded up to 1,024. */
export function windowFor(p: Pick<SpeedParams, 'lengths' | 'decodeSteps' | 'questionTokens' | 'contextWindow'> & { batch?: SpeedParams['batch'] }): number {
	if (p.contextWindow) return p.contextWindow;
	const b = p.batch?.questions ? p.batch.contextTokens + p.batch.questionTokens + p.batch.answerTokens + 2 : 0;
	const need = Math.max(Math.max(...p.lengths, 1) + Math.max(p.decodeSteps, p.questionTokens), b) + 16;
	return Math.ceil(need / 1024) * 1024;
}
