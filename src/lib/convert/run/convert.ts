// The conversion from a prepared plan to a finished model: source files streamed a few at a time, shards assembled
// and written as they fill, the resumable state saved after every shard, the small files written after every
// shard, then the completion record — last, so a model with a record is whole. Runs the same in a worker and in
// Node: the environment comes in as a sink, a store, a backend and a hasher.
import type { LibraryMeta } from '$lib/engines/webllm/synthetic/library-meta';
import { shardNeeds, type ConversionPlan } from '../model/plan';
import type { MlcTextFile } from '../mlc-files';
import { addStats, relativeRms } from '../quantize/q4';
import type { ByteSource } from '../sources/byte-source';
import { CONVERTER_VERSION } from '../version';
import { ConvertError, type ErrorStats, type SourceModel, type TensorFidelity } from '../types';
import { CONVERTED_MODEL_VERSION, type ConvertedModel } from '../record';
import { isQuotaError } from '$lib/store/storage';
import { formatBytes } from '$lib/util/bytes';
import { ShardAssembler } from './assemble';
import type { QuantBackend } from './backend';
import { checkpointFor, firstNeeded, pruneSnapshots, type HashSnapshot } from './checkpoints';
import { streamOneFile, type StreamPart } from './file-stream';
import type { HasherFactory } from './hasher';
import { createRateMeter, etaSeconds, type ConvertProgress, type ConvertStage } from './progress';
import { createSemaphore } from '$lib/util/semaphore';
import { CONVERSION_STATE_VERSION, type ConversionRequest, type ConversionState } from './state';

/** Where the converted folder goes: web-llm's cache in the browser, a directory in the CLI. */
export interface ModelSink {
	put(name: string, data: Uint8Array | string): Promise<void>;
	/** Names of these files that are not there. */
	missing(names: string[]): Promise<string[]>;
}

export interface StateStore {
	getState(id: string): Promise<ConversionState | null>;
	putState(s: ConversionState): Promise<void>;
	deleteState(id: string): Promise<void>;
	putModel(m: ConvertedModel): Promise<void>;
}

export interface ConvertInput {
	request: ConversionRequest;
	model: SourceModel;
	source: ByteSource;
	meta: LibraryMeta;
	libraryBytes: number;
	plan: ConversionPlan;
	/** The small files (computed, and the vocabulary checked, before any tensor data is read). */
	files: Record<MlcTextFile, string>;
	baseUrl: string;
	sink: ModelSink;
	store: StateStore;
	backend: QuantBackend;
	hasher: HasherFactory;
	/** Source files streamed at once (default 2). */
	filesAtOnce?: number;
	/** Row groups with the backend at once, over all the files being streamed (default 2 per file). */
	groupsInFlight?: number;
	groupBytes?: number;
	chunkBytes?: number;
	signal?: AbortSignal;
	onProgress?: (p: ConvertProgress) => void;
	/** Milliseconds (tests pass a clock). */
	now?: () => number;
}

const statsKey = (source: string, target: string) => `${source} → ${target}`;

function freshState(i: ConvertInput, now: string): ConversionState {
	return {
		schemaVersion: CONVERSION_STATE_VERSION, request: i.request, planDigest: i.plan.digest, commit: i.model.origin?.commit ?? null,
		createdAt: now, updatedAt: now, status: 'running', lastError: null, shardsTotal: i.plan.shards.length, doneShards: [],
		files: i.plan.files.map(() => ({ pos: 0, state: null })), fileSha256: i.plan.files.map(() => null), stats: {}, readBytes: 0, activeS: 0
	};
}

/** A stored state is resumed only if it describes this very plan from the same commit. */
async function startingState(i: ConvertInput, now: string): Promise<ConversionState> {
	const old = await i.store.getState(i.request.modelId).catch(() => null);
	const commit = i.model.origin?.commit ?? null;
	if (old && old.planDigest === i.plan.digest && old.commit === commit && old.files.length === i.plan.files.length)
		return { ...old, status: 'running', lastError: null, updatedAt: now };
	return freshState(i, now);
}

export async function runConversion(i: ConvertInput): Promise<ConvertedModel> {
	const clock = i.now ?? (() => Date.now());
	const t0 = clock();
	const iso = () => new Date(clock()).toISOString();
	const state = await startingState(i, iso());
	const plan = i.plan;
	const done = new Set(state.doneShards);
	const assembler = new ShardAssembler(plan.shards.map((s) => s.nbytes), new Set(done));
	const needs = shardNeeds(plan);
	const snapshots: HashSnapshot[][] = state.files.map((f) => (f.state ? [{ pos: f.pos, state: f.state }] : []));
	const pending = new Map<string, ErrorStats>();
	const sizes = plan.files.map((f, k) => f.size ?? i.model.files[k]?.size ?? null);
	if (sizes.some((s) => s === null)) throw new ConvertError('format', 'a source file has no known size');
	const totalBytes = (sizes as number[]).reduce((a, b) => a + b, 0);
	const meter = createRateMeter();
	let read = state.files.reduce((a, f) => a + f.pos, 0);
	let stage: ConvertStage = 'converting';
	let reading: string | null = null;
	let lastEmit = 0;
	const emit = (force = false) => {
		const t = clock();
		meter.add(t, read);
		if (!force && t - lastEmit < 250) return;
		lastEmit = t;
		const rate = meter.rate();
		i.onProgress?.({ stage, doneBytes: read, totalBytes, bytesPerS: rate, etaS: etaSeconds(totalBytes - read, rate), file: reading, shardsDone: done.size, shardsTotal: plan.shards.length });
	};

	// Tensors are whole once every shard they write is; only then do their error statistics count.
	const outputsOf = plan.tensors.map((t) => new Set(t.outputs.map((o) => o.shard)));
	const complete = (t: number) => [...outputsOf[t]].every((s) => done.has(s));
	let saving: Promise<void> = Promise.resolve();
	const save = (status: ConversionState['status'] = 'running') => {
		for (let f = 0; f < state.files.length; f++) {
			state.files[f] = checkpointFor(snapshots[f], firstNeeded(needs, done, f));
			snapshots[f] = pruneSnapshots(snapshots[f], state.files[f].pos);
		}
		plan.tensors.forEach((t, k) => {
			if (!complete(k)) return;
			for (const p of t.parts) {
				const key = statsKey(p.tensor, t.name);
				const s = pending.get(key);
				if (s) (state.stats[key] = s), pending.delete(key);
			}
		});
		Object.assign(state, { doneShards: [...done].sort((a, b) => a - b), status, updatedAt: iso(), readBytes: read, activeS: state.activeS + (clock() - t0) / 1000 - sessionSaved });
		sessionSaved = (clock() - t0) / 1000;
		const snapshot = structuredClone(state);
		saving = saving.then(() => i.store.putState(snapshot));
		return saving;
	};
	let sessionSaved = 0;

	const writeShard = async (shard: number, bytes: Uint8Array) => {
		await i.sink.put(plan.shards[shard].dataPath, bytes);
		done.add(shard);
		await save();
		emit(true);
	};

	const stop = new AbortController();
	const onAbort = () => stop.abort(i.signal?.reason);
	i.signal?.addEventListener('abort', onAbort, { once: true });
	if (i.signal?.aborted) stop.abort();
	try {
		await save();
		const work = plan.files.map((f, k) => ({
			k,
			parts: plan.tensors.flatMap((tensor, ti) =>
				[...outputsOf[ti]].every((s) => done.has(s)) ? [] : tensor.parts.flatMap((part, partIndex): StreamPart[] => (part.file === k ? [{ tensor, part, partIndex }] : []))
			)
		})).filter((w) => w.parts.length > 0 || state.fileSha256[w.k] === null);
		const lanes = Math.max(1, Math.min(i.filesAtOnce ?? 2, work.length));
		// One limit over every file being streamed, so a pool of N workers stays busy however many files remain (two
		// groups per file could keep at most 6 of a 16-core machine's 15 workers busy with 3 files, 2 with the last).
		const slots = createSemaphore(Math.max(1, i.groupsInFlight ?? 2 * lanes));
		let next = 0;
		let failure: unknown = null;
		const runner = async () => {
			try {
				await lane();
			} catch (e) {
				// The first failure is the cause; the other lanes then stop with 'aborted'.
				failure ??= e;
				stop.abort();
			}
		};
		const lane = async () => {
			while (next < work.length && !stop.signal.aborted) {
				const { k, parts } = work[next++];
				const name = plan.files[k].name;
				reading = name;
				const r = await streamOneFile({
					source: i.source, fileName: name, size: sizes[k]!, parts, from: state.files[k], target: plan.target, backend: i.backend, hasher: i.hasher,
					groupBytes: i.groupBytes, chunkBytes: i.chunkBytes, signal: stop.signal, slots,
					onPiece: async (shard, offset, bytes) => {
						if (stop.signal.aborted) return;
						const full = assembler.write(shard, offset, bytes);
						if (full) await writeShard(shard, full);
					},
					onStats: (sp, s) => {
						const key = statsKey(sp.part.tensor, sp.tensor.name);
						pending.set(key, addStats(pending.get(key) ?? { count: 0, sumSq: 0, sumErrSq: 0, maxAbsErr: 0 }, s));
					},
					onSnapshot: (s) => snapshots[k].push(s),
					onRead: (n) => {
						read += n;
						emit();
					}
				});
				const expected = i.model.files[k]?.expectedSha256 ?? null;
				if (expected && expected.toLowerCase() !== r.sha256)
					throw new ConvertError('checksum', `${name}: its SHA-256 is ${r.sha256}, the publisher lists ${expected}. The download was corrupted on the way: delete this conversion and start it again.`, name);
				state.fileSha256[k] = r.sha256;
				await save();
			}
		};
		await Promise.all(Array.from({ length: lanes }, runner));
		if (failure) throw failure;
		if (stop.signal.aborted) throw new ConvertError('aborted', 'the conversion was stopped');
		if (done.size !== plan.shards.length)
			throw new Error(`every file was read, yet ${plan.shards.length - done.size} shards are incomplete: the plan does not cover them`);

		stage = 'writing the model files';
		emit(true);
		// The manifests last: until they are there, web-llm cannot even try to load a half-written folder.
		for (const name of ['tokenizer.json', 'ndarray-cache.json', 'tensor-cache.json', 'mlc-chat-config.json'] as const) await i.sink.put(name, i.files[name]);
		stage = 'verifying';
		emit(true);
		const names = [...plan.shards.map((s) => s.dataPath), ...Object.keys(i.files)];
		const missing = await i.sink.missing(names);
		if (missing.length) throw new ConvertError('quota', `${missing.length} files of the converted model are not in storage (${missing.slice(0, 3).join(', ')}): the browser may have evicted them. Convert again.`);
		await save();
		const record = completionRecord(i, state, sizes as number[], iso());
		await i.store.putModel(record);
		await i.store.deleteState(i.request.modelId);
		stage = 'done';
		emit(true);
		return record;
	} catch (e) {
		stop.abort();
		const err =
			e instanceof ConvertError
				? e
				: isQuotaError(e)
					? new ConvertError('quota', `Storage is full: the browser refused to keep more of the converted model (${done.size} of ${plan.shards.length} shards kept, ${formatBytes(plan.totals.outputBytes)} in all). Free some space — delete other models on this page or other sites' data — then resume: nothing written so far is lost.`)
					: new ConvertError('format', e instanceof Error ? e.message : String(e));
		state.lastError = { kind: err.kind, message: err.message, file: err.file ?? null };
		await save(err.resumable ? 'paused' : 'failed').catch(() => undefined);
		throw err;
	} finally {
		i.signal?.removeEventListener('abort', onAbort);
	}
}

function fidelity(stats: Record<string, ErrorStats>): TensorFidelity[] {
	return Object.entries(stats).map(([key, s]) => {
		const [name, target] = key.split(' → ');
		return { name, target, relRms: relativeRms(s), maxAbsErr: s.maxAbsErr };
	});
}

function completionRecord(i: ConvertInput, state: ConversionState, sizes: number[], now: string): ConvertedModel {
	const origin = i.model.origin;
	const outFiles = [
		...i.plan.shards.map((s) => ({ name: s.dataPath, bytes: s.nbytes })),
		...Object.entries(i.files).map(([name, text]) => ({ name, bytes: new TextEncoder().encode(text).byteLength }))
	];
	return {
		schemaVersion: CONVERTED_MODEL_VERSION,
		modelId: i.request.modelId,
		label: i.request.label,
		family: i.model.config.family,
		target: i.plan.target,
		baseUrl: i.baseUrl,
		contextWindow: 32768,
		library: { url: i.request.library.url, sha256: i.request.library.sha256, bytes: i.libraryBytes },
		source: {
			kind: i.request.source.kind,
			location: origin?.location ?? i.request.sourceLabel,
			revision: origin?.revision ?? null,
			commit: origin?.commit ?? null,
			format: i.model.format,
			files: i.plan.files.map((f, k) => ({ name: f.name, size: sizes[k], sha256: state.fileSha256[k] ?? '', expectedSha256: i.model.files[k]?.expectedSha256 ?? null })),
			metadataFiles: (origin?.metadataFiles ?? []).map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 }))
		},
		converterVersion: CONVERTER_VERSION,
		planDigest: i.plan.digest,
		createdAt: state.createdAt,
		completedAt: now,
		activeS: state.activeS,
		output: { bytes: outFiles.reduce((a, f) => a + f.bytes, 0), files: outFiles },
		fidelity: fidelity(state.stats)
	};
}
