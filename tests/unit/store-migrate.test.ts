import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { readRunRecord } from '$lib/store/migrate';
import { createRunStore } from '$lib/store/run-store';
import { runKey } from '$lib/store/keys';
import { RUN_SCHEMA_VERSION } from '$lib/store/schema';
import v1 from '../fixtures/runs/v1-run.json';
import v1Error from '../fixtures/runs/v1-run-error.json';
import v2 from '../fixtures/runs/v2-run.json';

describe('run record migrations', () => {
	it('reads a v1 record as the current version', () => {
		const r = readRunRecord(structuredClone(v1));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.migratedFrom).toBe(1);
		const rec = r.value.record;
		expect(rec.schemaVersion).toBe(RUN_SCHEMA_VERSION);
		expect(rec).toMatchObject({
			id: v1.id,
			name: v1.name,
			createdAt: new Date(v1.created).toISOString(),
			status: 'complete',
			pause: null,
			progress: { done: 3200, total: 3200 },
			engine: { kind: 'webllm', modelId: 'FILM-7B-q4f32_1-MLC', label: 'FILM-7B (q4f32_1)', settings: {} }
		});
		expect(rec.tasks).toEqual([
			{ task: 'document', taskVersion: 'film-document-1', options: v1.tasks[0].options, seed: 20240401, probeCount: 3200, planDigest: '' }
		]);
		expect(rec.provenance).toMatchObject({
			appVersion: '0.0.3',
			appCommit: '3f9c2e1',
			taskVersions: { document: 'film-document-1' },
			seeds: { document: 20240401 },
			quantization: 'q4f32_1',
			contextWindow: 32768,
			prefixReuse: true,
			reusePath: null,
			gpu: null,
			promptTemplateHash: null
		});
		expect(rec.results.document?.avg).toBe(v1.results.document.avg);
		expect(rec.results.document?.scored).toBe(3200);
	});

	it('turns a v1 error state into a resumable engine-error pause', () => {
		const r = readRunRecord(v1Error);
		expect(r.ok && r.value.record).toMatchObject({
			status: 'paused',
			pause: { reason: 'engine-error', message: 'GPUDeviceLostError: device was lost' },
			progress: { done: 1410, total: 3200 }
		});
	});

	it('says what is wrong with a broken v1 record instead of guessing', () => {
		const { engine: _engine, ...noEngine } = v1;
		const r = readRunRecord(noEngine);
		expect(r).toEqual({ ok: false, error: expect.stringMatching(/^after migration from v1: /) });
		expect(readRunRecord({ ...v1, schemaVersion: 'one' })).toEqual({ ok: false, error: 'the run record has no valid schemaVersion' });
		expect(readRunRecord(null)).toEqual({ ok: false, error: 'the run record is not an object' });
	});

	it('a v1 record stored by an old app version shows up in the list and can be renamed (written back as the current version)', async () => {
		const name = `migrate-${Date.now()}`;
		await set(runKey(v1.id), v1, createStore(name, 'records'));
		const store = createRunStore(name);
		expect((await store.unfinishedRuns()).runs).toEqual([]);
		await store.renameRun(v1.id, 'FILM-7B, first run');
		const back = await store.getRun(v1.id);
		expect(back).toMatchObject({ ok: true, record: { schemaVersion: RUN_SCHEMA_VERSION, name: 'FILM-7B, first run', status: 'complete' } });
		expect(back && back.ok && back.migratedFrom).toBeUndefined();
	});

	it('reads a v2 record as v3: everything kept, and weights null (no v2 run used converted weights)', () => {
		const r = readRunRecord(structuredClone(v2));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.migratedFrom).toBe(2);
		const { schemaVersion: _v, provenance, ...rest } = r.value.record;
		const { schemaVersion: _w, provenance: oldProvenance, ...oldRest } = v2;
		expect(rest).toEqual(oldRest);
		expect(provenance).toEqual({ ...oldProvenance, weights: null });
		// A v1 record passes through v2 on its way up.
		const from1 = readRunRecord(structuredClone(v1));
		expect(from1.ok && from1.value.record.provenance.weights).toBeNull();
	});

	it('checks a v3 record\'s weights provenance field by field', () => {
		const r = readRunRecord(structuredClone(v2));
		if (!r.ok) throw new Error(r.error);
		const weights = {
			kind: 'converted',
			modelId: 'FILM-7B-q4f32_1-converted',
			source: { kind: 'hf', location: 'In2Training/FILM-7B', revision: 'main', commit: 'a'.repeat(40), format: 'safetensors', files: [{ name: 'config.json', size: 600, sha256: 'b'.repeat(64) }] },
			quantization: 'q4f32_1',
			library: { url: 'https://example.test/lib.wasm', sha256: 'c'.repeat(64) },
			converterVersion: 1,
			planDigest: 'd'.repeat(64),
			convertedAt: '2026-11-30T10:00:00.000Z',
			fidelity: { tensors: 291, meanRelRms: 0.08, worstRelRms: 0.11, worst: 'model.embed_tokens.weight', maxAbsErr: 0.02 }
		};
		const ok = { ...r.value.record, provenance: { ...r.value.record.provenance, weights } };
		expect(readRunRecord(ok)).toMatchObject({ ok: true, value: { record: { provenance: { weights } } } });
		const bad = structuredClone(ok) as unknown as { provenance: { weights: { source: { files: { sha256: unknown }[] } } } };
		bad.provenance.weights.source.files[0].sha256 = 7;
		expect(readRunRecord(bad)).toEqual({ ok: false, error: expect.stringContaining('run.provenance.weights.source.files[0].sha256 should be a string') });
		const { weights: _gone, ...noWeights } = ok.provenance;
		expect(readRunRecord({ ...ok, provenance: noWeights }).ok).toBe(false);
	});
});
