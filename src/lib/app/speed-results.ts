// The speed check's figures, kept in this browser so that estimates come from the device: one record per adapter
// and model, written by the /speed page when a check succeeds, read back (validated) by the new-run page.
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { SpeedResult, SpeedRow } from '$lib/speed/types';
import { isFiniteNumber as num, isString as str } from '$lib/util/guards';

export const SPEED_RESULTS_DB = 'film-probe-speed-results';
export const SPEED_RECORD_VERSION = 1;

export interface AdapterId {
	vendor: string;
	architecture: string;
	description: string;
}

/** What an estimate needs of one speed check. */
export interface SpeedRecord {
	schemaVersion: typeof SPEED_RECORD_VERSION;
	adapter: AdapterId;
	/** The model as the speed check names it: "FILM-7B", or a prebuilt model without its quantization suffix. */
	model: string;
	quantization: string;
	date: string;
	webllmVersion: string;
	library: string;
	rows: SpeedRow[];
	/** The reuse path the engine's self-check chose on this device ("chunk" or "decode-steps"), or null. */
	reusePath: 'chunk' | 'decode-steps' | null;
	/** The batch phase, when it ran: seconds per question at its context length, without and with right drafts. */
	batch: { contextTokens: number; answerTokens: number; B: number; perQuestionS: { none: number | null; right: number | null } } | null;
}

/** The speed check's name for the model of a WebLLM model id (FILM-7B-q4f32_1-MLC → FILM-7B). */
export function speedModelOf(modelId: string): string {
	if (modelId.startsWith('FILM-7B')) return 'FILM-7B';
	// A model converted here times like the prebuilt one of the same name (same architecture, same library).
	return modelId.replace(/-q4f(16|32)_1-(MLC|converted)$/, '');
}

export function speedKey(adapter: AdapterId, model: string, quantization: string): string {
	const a = [adapter.vendor, adapter.architecture, adapter.description].map((s) => s.trim().toLowerCase()).join('/');
	return `${a}|${model}|${quantization}`;
}

function isRow(v: unknown): v is SpeedRow {
	const r = v as Record<string, unknown>;
	return (
		typeof v === 'object' &&
		v !== null &&
		['n', 'prefillS', 'prefillTokS', 'decodeSteps', 'decodeS', 'decodeTokS', 'questionTokens', 'questionChunkS', 'questionDecodeS'].every((k) => num(r[k]) && (r[k] as number) >= 0) &&
		(r.n as number) > 0 &&
		(r.decodeSteps as number) > 0 &&
		(r.questionTokens as number) > 0
	);
}

/** A stored record checked field by field; null (never a half-trusted value) when anything is off. */
export function readSpeedRecord(v: unknown): SpeedRecord | null {
	if (typeof v !== 'object' || v === null) return null;
	const o = v as Record<string, unknown>;
	const a = o.adapter as Record<string, unknown> | null;
	if (o.schemaVersion !== SPEED_RECORD_VERSION || !a || !str(a.vendor) || !str(a.architecture) || !str(a.description)) return null;
	if (![o.model, o.quantization, o.date, o.webllmVersion, o.library].every(str)) return null;
	if (!Array.isArray(o.rows) || !o.rows.length || !o.rows.every(isRow)) return null;
	if (o.reusePath !== null && o.reusePath !== 'chunk' && o.reusePath !== 'decode-steps') return null;
	const b = o.batch as SpeedRecord['batch'];
	const okBatch =
		b === null ||
		(typeof b === 'object' &&
			num(b.contextTokens) &&
			num(b.answerTokens) &&
			b.answerTokens > 0 &&
			num(b.B) &&
			typeof b.perQuestionS === 'object' &&
			b.perQuestionS !== null &&
			[b.perQuestionS.none, b.perQuestionS.right].every((x) => x === null || (num(x) && x > 0)));
	return okBatch ? (v as SpeedRecord) : null;
}

/** The record of a successful speed check; null when the check failed or measured nothing to estimate from. */
export function speedRecordOf(result: SpeedResult, model: string): SpeedRecord | null {
	const pv = result.provenance;
	if (!result.ok || !pv || !result.rows.length) return null;
	const path = result.selfCheck?.path;
	const batchRuns = result.batch?.runs ?? [];
	const per = (mode: string) => batchRuns.find((r) => r.mode === mode && r.path.startsWith('batch'))?.perQuestionS ?? null;
	const batched = batchRuns.find((r) => r.mode !== 'single' && r.path.startsWith('batch'));
	const record: SpeedRecord = {
		schemaVersion: SPEED_RECORD_VERSION,
		adapter: { vendor: pv.adapter?.vendor ?? '', architecture: pv.adapter?.architecture ?? '', description: pv.adapter?.description ?? '' },
		model,
		quantization: pv.quantization,
		date: pv.date,
		webllmVersion: pv.webllmVersion,
		library: pv.library.url,
		rows: result.rows,
		reusePath: path === 'chunk' || path === 'decode-steps' ? path : null,
		batch: batched && result.batch ? { contextTokens: result.batch.params.contextTokens, answerTokens: result.batch.params.answerTokens, B: batched.B, perQuestionS: { none: per('none'), right: per('right') } } : null
	};
	return readSpeedRecord(record);
}

export interface SpeedResultsStore {
	put(record: SpeedRecord): Promise<void>;
	/** This adapter's record for the model, in that quantization or (failing that) the other one. */
	find(adapter: AdapterId, model: string, quantization: string): Promise<SpeedRecord | null>;
}

export function createSpeedResultsStore(db: UseStore = createStore(SPEED_RESULTS_DB, 'results')): SpeedResultsStore {
	const read = async (key: string) => readSpeedRecord(await get(key, db));
	return {
		async put(record) {
			const checked = readSpeedRecord(record);
			if (!checked) throw new Error('The speed check result is incomplete and was not kept.');
			await set(speedKey(checked.adapter, checked.model, checked.quantization), checked, db);
		},
		async find(adapter, model, quantization) {
			const other = quantization === 'q4f16_1' ? 'q4f32_1' : 'q4f16_1';
			return (await read(speedKey(adapter, model, quantization))) ?? (await read(speedKey(adapter, model, other)));
		}
	};
}
