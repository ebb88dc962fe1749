// `probe answer`: answers every probe of a JSONL file with one engine, appending one line per answer as it
// arrives. Rerunning with the same --out skips ids already answered, so an interrupted run just continues.
import { readFileSync } from 'node:fs';
import { EngineError, type Engine, type EngineErrorKind } from '$lib/engines/engine';
import { parseFlags, required, UsageError } from '../args';
import { redact } from '$lib/engines/openai/errors';
import { CLI_ENGINES, createCliEngine, type CliEngineName, type CliEngineOptions } from '../engines';
import { FileFormatError, openAnswerWriter, parseProbeRows, type AnswerWriter, type ProbeRow } from './answer-files';

export const ANSWER_USAGE = `usage: probe answer --probes FILE --engine oracle|openai --out FILE
       [--base-url URL --model NAME --api-key-env VAR (default OPENAI_API_KEY) --api auto|completions|chat]
       [--concurrency N] [--max-tokens N]`;

export interface AnswerIo {
	env?: Record<string, string | undefined>;
	/** Where progress and errors go (stderr by default). */
	log?: (line: string) => void;
	/** Stops the run: in-flight requests are cancelled, finished answers stay in the out file. */
	signal?: AbortSignal;
}

interface AnswerOptions extends CliEngineOptions {
	probes: string;
	out: string;
	maxTokens?: number;
}

/** Failures that would hit every remaining probe alike: stop at once instead of burning through the file. */
const FATAL: ReadonlySet<EngineErrorKind> = new Set(['auth', 'not-found', 'cors', 'quota', 'unsupported', 'aborted']);

function parseArgs(argv: string[]): AnswerOptions {
	const f = parseFlags(argv, {
		probes: 'string',
		out: 'string',
		engine: 'string',
		'base-url': 'string',
		model: 'string',
		'api-key-env': 'string',
		api: 'string',
		concurrency: 'int',
		'max-tokens': 'int'
	});
	const atLeastOne = (name: string): number | undefined => {
		const v = f[name] as number | undefined;
		if (v !== undefined && v < 1) throw new UsageError(`--${name} must be a whole number >= 1, got ${v}`);
		return v;
	};
	const engine = required<string>(f, 'engine');
	if (!(CLI_ENGINES as readonly string[]).includes(engine)) throw new UsageError(`--engine must be one of ${CLI_ENGINES.join(', ')}, got ${JSON.stringify(engine)}`);
	const api = (f.api as string | undefined) ?? 'auto';
	if (!['auto', 'completions', 'chat'].includes(api)) throw new UsageError(`--api must be auto, completions or chat, got ${JSON.stringify(api)}`);
	return {
		probes: required<string>(f, 'probes'),
		out: required<string>(f, 'out'),
		engine: engine as CliEngineName,
		baseUrl: f['base-url'] as string | undefined,
		model: f.model as string | undefined,
		apiKeyEnv: (f['api-key-env'] as string | undefined) ?? 'OPENAI_API_KEY',
		apiKeyEnvExplicit: f['api-key-env'] !== undefined,
		api: api as CliEngineOptions['api'],
		concurrency: atLeastOne('concurrency') ?? (engine === 'oracle' ? 1 : 4),
		maxTokens: atLeastOne('max-tokens')
	};
}

export async function answerCommand(argv: string[], io: AnswerIo = {}): Promise<number> {
	const log = io.log ?? ((line: string) => process.stderr.write(line + '\n'));
	if (argv.includes('--help') || argv.includes('-h')) {
		log(ANSWER_USAGE);
		return 0;
	}
	let opts: AnswerOptions;
	let rows: ProbeRow[];
	let engine: Engine;
	let secret: string | undefined;
	try {
		opts = parseArgs(argv);
		rows = parseProbeRows(readProbeFile(opts.probes), opts.probes);
		const made = await createCliEngine(opts, io.env ?? process.env);
		engine = made.engine;
		secret = made.secret;
		for (const n of made.notes) log(`answer: ${n}`);
	} catch (e) {
		if (e instanceof UsageError || e instanceof FileFormatError) {
			log(`answer: ${e.message}\n${ANSWER_USAGE}`);
			return 2;
		}
		throw e;
	}
	const say = (text: string): void => log(redact(text, [secret]));
	let opened: ReturnType<typeof openAnswerWriter>;
	try {
		opened = openAnswerWriter(opts.out);
	} catch (e) {
		say(`answer: --out ${opts.out}: ${e instanceof Error ? e.message : String(e)}`);
		return 2;
	}
	const { writer, existing } = opened;
	const pending = rows.filter((r) => !existing.ids.has(r.id));
	say(`answer: ${rows.length} probes, ${rows.length - pending.length} already in ${opts.out}, ${pending.length} to answer with ${engine.info.label}` + (existing.torn ? ' (dropped a torn last line)' : ''));
	// Ctrl-C stops cleanly (finished answers are already on disk); a second Ctrl-C exits at once.
	const interrupt = new AbortController();
	const onSigint = (): void => (interrupt.signal.aborted ? process.exit(130) : interrupt.abort());
	if (!io.signal) process.on('SIGINT', onSigint);
	try {
		return await answerAll(pending, engine, writer, opts, say, io.signal ?? interrupt.signal);
	} finally {
		process.off('SIGINT', onSigint);
		writer.close();
		await engine.dispose?.();
	}
}

function readProbeFile(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (e) {
		throw new UsageError(`--probes ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e)}.`);
	}
}

async function answerAll(rows: ProbeRow[], engine: Engine, writer: AnswerWriter, opts: AnswerOptions, say: (t: string) => void, outer?: AbortSignal): Promise<number> {
	const stop = new AbortController();
	const onOuter = (): void => stop.abort();
	outer?.addEventListener('abort', onOuter, { once: true });
	if (outer?.aborted) stop.abort();
	let next = 0;
	let answered = 0;
	let failed = 0;
	let fatal: EngineError | null = null;
	// A wrong base URL that answers 200 with HTML fails every probe "individually": stop after a run of failures.
	let failStreak = 0;
	const maxStreak = Math.max(10, 2 * opts.concurrency);
	const every = Math.max(1, Math.floor(rows.length / 20));

	async function worker(): Promise<void> {
		while (!stop.signal.aborted && next < rows.length) {
			const row = rows[next++];
			try {
				const g = await engine.generate({ prompt: row.prompt, maxTokens: opts.maxTokens ?? row.maxNewTokens, signal: stop.signal });
				writer.write(row.id, g);
				answered++;
				failStreak = 0;
				if (answered % every === 0) say(`answer: ${answered}/${rows.length}`);
			} catch (e) {
				const err = e instanceof EngineError ? e : new EngineError('unknown', e instanceof Error ? e.message : String(e));
				if (err.kind === 'aborted' && stop.signal.aborted) return;
				if (FATAL.has(err.kind)) {
					fatal ??= err;
					stop.abort();
					return;
				}
				failed++;
				say(`answer: probe ${row.id} failed (${err.kind}): ${err.message}`);
				if (++failStreak >= maxStreak) {
					fatal ??= new EngineError(err.kind, `${failStreak} probes failed in a row; the last said: ${err.message}`);
					stop.abort();
					return;
				}
			}
		}
	}

	try {
		await Promise.all(Array.from({ length: Math.min(opts.concurrency, Math.max(rows.length, 1)) }, worker));
	} finally {
		outer?.removeEventListener('abort', onOuter);
	}
	const left = rows.length - answered - failed;
	if (fatal !== null) {
		const f = fatal as EngineError;
		say(`answer: stopped (${f.kind}): ${f.message}`);
		say(`answer: ${answered} answered this run; rerun the same command to continue.`);
		return 1;
	}
	if (outer?.aborted) {
		say(`answer: interrupted after ${answered} answers; rerun the same command to continue.`);
		return 130;
	}
	say(`answer: done, ${answered} answered, ${failed} failed${left > 0 ? `, ${left} not attempted` : ''}${failed > 0 ? ' (rerun to retry the failed ones)' : ''}.`);
	return failed > 0 ? 1 : 0;
}
