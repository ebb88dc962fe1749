// A conversion in progress, as stored after every written shard: enough to resume it after a reload or a crash and
// to produce byte-identical output (the plan digest pins the plan; the shards written and the per-file checkpoints
// say where to go on). Validated on the way out of storage: never trusted as typed.
import type { ErrorStats, Target } from '../types';
import type { FileCheckpoint } from './checkpoints';
import { isFiniteNumber as isNum, isObject as isObj, isString as isStr } from '$lib/util/guards';

export const CONVERSION_STATE_VERSION = 1;

/** What was asked for, without secrets (an access token is never stored). */
export interface ConversionRequest {
	/** The model id the result will have in web-llm. */
	modelId: string;
	label: string;
	target: Target;
	/** "hf:owner/name@rev", a URL, or "files:<names>" — how the source was named, for messages and for a resume. */
	sourceLabel: string;
	/** The source spec as it can be stored: picked files cannot be, so they are named and asked for again. */
	source:
		| { kind: 'hf'; repo: string; revision: string | null; file: string | null; endpoint: string | null; gated: boolean }
		| { kind: 'url'; url: string }
		| { kind: 'files'; names: string[]; sizes: number[] };
	library: { url: string; sha256: string };
}

export interface ConversionState {
	schemaVersion: typeof CONVERSION_STATE_VERSION;
	request: ConversionRequest;
	planDigest: string;
	/** The commit a Hub revision was pinned to: a resume reads the same commit. */
	commit: string | null;
	createdAt: string;
	updatedAt: string;
	status: 'running' | 'paused' | 'failed';
	lastError: { kind: string; message: string; file: string | null } | null;
	shardsTotal: number;
	doneShards: number[];
	/** Per source file of the plan. */
	files: FileCheckpoint[];
	/** SHA-256 of each file once it was streamed to its end. */
	fileSha256: (string | null)[];
	/** Per "source tensor → target" pair, counted only once every shard it feeds is written. */
	stats: Record<string, ErrorStats>;
	/** Source bytes read before this session, for progress. */
	readBytes: number;
	/** Seconds spent converting so far, over every session. */
	activeS: number;
}

const isNullStr = (v: unknown) => v === null || isStr(v);

function checkRequest(r: unknown): string | null {
	if (!isObj(r)) return 'request is not an object';
	if (!isStr(r.modelId) || !isStr(r.label) || !isStr(r.sourceLabel)) return 'request needs modelId, label and sourceLabel';
	if (r.target !== 'q4f16_1' && r.target !== 'q4f32_1') return `unknown target ${String(r.target)}`;
	if (!isObj(r.library) || !isStr(r.library.url) || !isStr(r.library.sha256)) return 'request.library needs url and sha256';
	const s = r.source;
	if (!isObj(s)) return 'request.source is not an object';
	if (s.kind === 'hf') return isStr(s.repo) && isNullStr(s.revision) && isNullStr(s.file) && isNullStr(s.endpoint) && typeof s.gated === 'boolean' ? null : 'bad hf source';
	if (s.kind === 'url') return isStr(s.url) ? null : 'bad url source';
	if (s.kind === 'files') return Array.isArray(s.names) && s.names.every(isStr) && Array.isArray(s.sizes) && s.sizes.every(isNum) ? null : 'bad files source';
	return `unknown source kind ${String(s.kind)}`;
}

function checkStats(v: unknown): boolean {
	return isObj(v) && Object.values(v).every((s) => isObj(s) && isNum(s.count) && isNum(s.sumSq) && isNum(s.sumErrSq) && isNum(s.maxAbsErr));
}

export function validateConversionState(v: unknown): { ok: true; state: ConversionState } | { ok: false; error: string } {
	if (!isObj(v)) return { ok: false, error: 'not an object' };
	if (v.schemaVersion !== CONVERSION_STATE_VERSION)
		return { ok: false, error: `conversion state version ${String(v.schemaVersion)}; this app reads version ${CONVERSION_STATE_VERSION}` };
	const bad = checkRequest(v.request);
	if (bad) return { ok: false, error: bad };
	if (!isStr(v.planDigest) || !isNullStr(v.commit) || !isStr(v.createdAt) || !isStr(v.updatedAt)) return { ok: false, error: 'missing digest, commit or dates' };
	if (v.status !== 'running' && v.status !== 'paused' && v.status !== 'failed') return { ok: false, error: `unknown status ${String(v.status)}` };
	const e = v.lastError;
	if (e !== null && !(isObj(e) && isStr(e.kind) && isStr(e.message) && isNullStr(e.file))) return { ok: false, error: 'bad lastError' };
	if (!isNum(v.shardsTotal) || !Array.isArray(v.doneShards) || !v.doneShards.every((s) => Number.isInteger(s) && s >= 0 && s < (v.shardsTotal as number)))
		return { ok: false, error: 'bad shard bookkeeping' };
	if (!Array.isArray(v.files) || !v.files.every((f) => isObj(f) && isNum(f.pos) && (f.state === null || isObj(f.state))))
		return { ok: false, error: 'bad file checkpoints' };
	if (!Array.isArray(v.fileSha256) || v.fileSha256.length !== v.files.length || !v.fileSha256.every(isNullStr)) return { ok: false, error: 'bad file hashes' };
	if (!checkStats(v.stats)) return { ok: false, error: 'bad error statistics' };
	if (!isNum(v.readBytes) || !isNum(v.activeS)) return { ok: false, error: 'bad counters' };
	return { ok: true, state: v as unknown as ConversionState };
}
