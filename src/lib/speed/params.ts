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
	log: null
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
			log: path(log) ? log : null
		},
		errors
	};
}

/** The window to load with: the one asked for, else the longest rung plus room, rounded up to 1,024. */
export function windowFor(p: Pick<SpeedParams, 'lengths' | 'decodeSteps' | 'questionTokens' | 'contextWindow'>): number {
	if (p.contextWindow) return p.contextWindow;
	const need = Math.max(...p.lengths, 1) + Math.max(p.decodeSteps, p.questionTokens) + 16;
	return Math.ceil(need / 1024) * 1024;
}
