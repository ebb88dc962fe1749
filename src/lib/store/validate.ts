// Runtime validation of run records and answers, for what comes out of IndexedDB and out of imported files.
import type { RunRecord, StoredAnswer } from './schema';
import { ANSWER_SCHEMA_VERSION, RUN_SCHEMA_VERSION } from './schema';
import {
	anyObject,
	arrayOf,
	bool,
	checked,
	int,
	isObject,
	nullable,
	num,
	oneOf,
	optional,
	range,
	recordOf,
	scalar,
	shape,
	str,
	type Check,
	type Result
} from './check';
import { isGoldKind, specOfGold, TASK_NAMES } from '$lib/tasks/registry';
import type { GoldShape } from '$lib/tasks/spec';

const taskName = oneOf(...TASK_NAMES);

const FIELD_CHECKS: Record<GoldShape[string], Check> = {
	string: str,
	strings: arrayOf(str),
	'optional-strings-or-null': optional(nullable(arrayOf(str)))
};

/** A gold is checked against the shape its task declares in the registry. */
const gold: Check = (v, p) => {
	if (!isObject(v)) return `${p} should be an object`;
	if (!isGoldKind(v.kind)) return `${p}.kind is not a known gold kind`;
	const fields = specOfGold(v as { kind: string }).goldShape;
	return shape(Object.fromEntries(Object.entries(fields).map(([k, kind]) => [k, FIELD_CHECKS[kind]])))(v, p);
};

const usage = shape({ promptTokens: num, completionTokens: num });
const timings = shape({ ttftMs: num, prefillTokensPerS: nullable(num), decodeTokensPerS: nullable(num), totalMs: num });

export const answerCheck: Check = shape({
	schemaVersion: oneOf(ANSWER_SCHEMA_VERSION),
	runId: str,
	probeId: str,
	task: taskName,
	setId: int,
	positionId: int,
	index: int,
	contextId: str,
	tokenOffset: nullable(int),
	gold,
	text: str,
	score: range(0, 1),
	usage: optional(usage),
	timings: optional(timings),
	path: optional(str),
	at: str
});

const pauseCheck = shape({ reason: oneOf('user', 'quota', 'device-lost', 'engine-error', 'storage-error'), message: str, at: str });

const weightsCheck = shape({
	kind: oneOf('converted'),
	modelId: str,
	source: shape({
		kind: oneOf('hf', 'url', 'files'),
		location: str,
		revision: nullable(str),
		commit: nullable(str),
		format: str,
		files: arrayOf(shape({ name: str, size: num, sha256: str }))
	}),
	quantization: str,
	library: shape({ url: str, sha256: str }),
	converterVersion: num,
	planDigest: str,
	convertedAt: str,
	fidelity: shape({ tensors: int, meanRelRms: num, worstRelRms: num, worst: nullable(str), maxAbsErr: num })
});

const bucket = shape({ start: num, end: num, mean: num, std: num, n: num });
const taskResult = shape({ buckets: arrayOf(bucket), avg: num, gap: num, scored: num });

export const runCheck: Check = shape({
	schemaVersion: oneOf(RUN_SCHEMA_VERSION),
	id: str,
	name: str,
	createdAt: str,
	updatedAt: str,
	status: oneOf('ready', 'running', 'paused', 'complete', 'cancelled'),
	pause: nullable(pauseCheck),
	lastPause: optional(nullable(pauseCheck)),
	tasks: arrayOf(
		shape({
			task: taskName,
			taskVersion: str,
			options: anyObject,
			seed: nullable(num),
			probeCount: int,
			planDigest: str
		})
	),
	engine: shape({ kind: oneOf('webllm', 'openai', 'oracle'), modelId: str, label: str, settings: recordOf(scalar) }),
	provenance: shape({
		appVersion: str,
		appCommit: str,
		taskVersions: recordOf(str),
		seeds: recordOf(nullable(num)),
		promptTemplateHash: nullable(str),
		engineKind: oneOf('webllm', 'openai', 'oracle'),
		modelId: str,
		quantization: nullable(str),
		contextWindow: nullable(num),
		prefixReuse: bool,
		reusePath: nullable(str),
		batch: optional(nullable(recordOf(scalar))),
		gpu: nullable(shape({ vendor: str, architecture: str })),
		userAgent: nullable(str),
		date: str,
		weights: nullable(weightsCheck)
	}),
	progress: shape({ done: int, total: int }),
	results: recordOf(taskResult)
});

export const validateAnswer = (v: unknown): Result<StoredAnswer> => checked<StoredAnswer>(answerCheck, v, 'answer');
export const validateRun = (v: unknown): Result<RunRecord> => checked<RunRecord>(runCheck, v, 'run');

/** Run ids end up inside storage keys and file names: keep them plain. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const isRunId = (id: unknown): id is string => typeof id === 'string' && RUN_ID_PATTERN.test(id);
