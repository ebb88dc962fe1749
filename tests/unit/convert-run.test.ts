// The whole conversion in Node: streamed in small chunks and row groups, its shards equal a whole-tensor conversion
// of the same plan; a connection dropped at a random byte and then resumed gives byte-identical files and reads
// only what was left; checksums and a full quota stop it with their own errors, and it resumes after the quota.
import { describe, expect, it } from 'vitest';
import { openSource } from '$lib/convert/open';
import { planConversion, type ConversionPlan } from '$lib/convert/model/plan';
import { cacheFiles } from '$lib/convert/mlc-files';
import { runJob } from '$lib/convert/quantize/run-job';
import { runConversion, type ConvertInput } from '$lib/convert/run/convert';
import { inlineBackend, type QuantBackend } from '$lib/convert/run/backend';
import { inlineHasher } from '$lib/convert/run/hasher';
import { convertedBaseUrl } from '$lib/convert/run/prepare';
import { sha256Hex } from '$lib/convert/hash/sha256';
import { createRng } from '$lib/engines/webllm/synthetic/rng';
import { ConvertError, type Target } from '$lib/convert/types';
import { toyLibrary } from '../helpers/convert-model';
import { TINY, tinySafetensorsFolder, type Files } from '../helpers/convert/model-folder';
import { memorySink, memorySource, memoryStore, type MemorySink, type MemorySource, type MemoryStore } from '../helpers/convert/memory';

/** A backend that holds every job until `open()`: how many are with it at once is then plain to count. */
function gatedBackend(inner: QuantBackend) {
	let active = 0;
	let most = 0;
	let isOpen = false;
	const held: Array<() => void> = [];
	const backend: QuantBackend = {
		label: 'gated',
		async run(req) {
			active++;
			most = Math.max(most, active);
			try {
				if (!isOpen) await new Promise<void>((r) => held.push(r));
				return await inner.run(req);
			} finally {
				active--;
			}
		},
		close() {}
	};
	return {
		backend,
		get active() { return active; },
		get most() { return most; },
		open() {
			isOpen = true;
			for (const r of held.splice(0)) r();
		}
	};
}

const turns = async (n: number) => {
	for (let k = 0; k < n; k++) await new Promise((r) => setImmediate(r));
};

const DIMS = { layers: TINY.layers, hidden: TINY.hidden, heads: TINY.heads, kvHeads: TINY.kvHeads, headDim: TINY.headDim, intermediate: TINY.intermediate, vocab: TINY.vocab };

async function setup(files: Files, target: Target, over: Partial<ConvertInput> = {}) {
	const source = memorySource(files);
	const { model } = await openSource({ kind: 'source', source });
	source.bytesRead = 0;
	const meta = toyLibrary('mistral', target, DIMS);
	const plan = await planConversion(model, meta, target, { shardBytes: 4096 });
	const small = { ...cacheFiles(plan), 'mlc-chat-config.json': '{"test":true}', 'tokenizer.json': '{"tokenizer":true}' };
	const sink = memorySink();
	const store = memoryStore();
	const input = (s: MemorySource = source, k: MemorySink = sink, st: MemoryStore = store): ConvertInput => ({
		request: { modelId: 'tiny', label: 'tiny', target, sourceLabel: 'memory', source: { kind: 'url', url: 'memory:' }, library: { url: 'lib.wasm', sha256: 'x' } },
		model, source: s, meta, libraryBytes: 1, plan, files: small, baseUrl: convertedBaseUrl('tiny'), sink: k, store: st,
		backend: inlineBackend(null), hasher: inlineHasher, chunkBytes: 1000, groupBytes: 2048, ...over
	});
	return { source, model, plan, sink, store, input };
}

/** The plan's shards made the plain way: each tensor's parts read whole, converted in one job, put at their offsets. */
function wholeTensorShards(files: Files, plan: ConversionPlan): Uint8Array[] {
	const shards = plan.shards.map((s) => new Uint8Array(s.nbytes));
	for (const t of plan.tensors)
		for (const p of t.parts) {
			const bytes = files[plan.files[p.file].name].slice(p.offset, p.offset + p.nbytes);
			const { reply } = runJob({ id: 0, op: t.op === 'quantize' ? 'quantize' : 'cast', name: p.tensor, dtype: p.dtype, bytes: bytes.buffer, rows: p.rows, cols: t.cols, target: plan.target, transform: p.transform });
			if (!reply.ok) throw new Error(reply.message);
			const outs = reply.op === 'quantize' ? [reply.qWeight, reply.qScale] : [reply.bytes];
			t.outputs.forEach((o, i) => shards[o.shard].set(new Uint8Array(outs[i]), o.byteOffset + p.rowOffset * (o.nbytes / t.rows)));
		}
	return shards;
}

describe('runConversion', () => {
	for (const [dtype, target] of [['BF16', 'q4f16_1'], ['F32', 'q4f32_1']] as const) {
		it(`streams a 3-file ${dtype} checkpoint into the same shards as a whole-tensor ${target} conversion`, async () => {
			const files = tinySafetensorsFolder({ dtype, shards: 3 });
			const { plan, sink, store, input } = await setup(files, target);
			expect(plan.shards.length).toBeGreaterThan(5);
			const record = await runConversion(input());
			const expected = wholeTensorShards(files, plan);
			plan.shards.forEach((s, k) => expect(sink.files.get(s.dataPath)).toEqual(expected[k]));
			for (const name of ['tensor-cache.json', 'ndarray-cache.json', 'mlc-chat-config.json', 'tokenizer.json']) expect(sink.files.has(name)).toBe(true);
			// The record: every source file hashed whole, every source tensor's error measured, the state gone.
			expect(record.source.files.map((f) => f.sha256)).toEqual(plan.files.map((f) => sha256Hex(files[f.name])));
			expect(new Set(record.fidelity.map((f) => f.name))).toEqual(new Set(plan.tensors.flatMap((t) => t.parts.map((p) => p.tensor))));
			expect(record.fidelity.every((f) => f.relRms >= 0 && f.relRms < 0.2)).toBe(true);
			expect(store.states.size).toBe(0);
			expect(store.models.get('tiny')).toEqual(record);
		});
	}

	it('resumes after a connection dropped at a random byte, byte-identical, without reading the file again from the start', async () => {
		const files = tinySafetensorsFolder({ dtype: 'BF16', shards: 3 });
		const ref = await setup(files, 'q4f32_1');
		await runConversion(ref.input());
		const total = ref.source.bytesRead;
		const rng = createRng(11, 'drops');
		let savedSomething = false;
		for (let trial = 0; trial < 10; trial++) {
			const s = await setup(files, 'q4f32_1');
			s.source.dropAfter = Math.floor(rng.float() * total);
			const err = await runConversion(s.input()).catch((e: unknown) => e);
			expect(err).toBeInstanceOf(ConvertError);
			expect((err as ConvertError).kind).toBe('network');
			const paused = s.store.states.get('tiny')!;
			expect(paused.status).toBe('paused');
			expect(paused.lastError?.kind).toBe('network');
			s.source.dropAfter = null;
			const before = s.source.bytesRead;
			await runConversion(s.input());
			const again = s.source.bytesRead - before;
			if (paused.files.some((f) => f.pos > 0)) {
				savedSomething = true;
				expect(again).toBeLessThan(total);
			}
			for (const [name, bytes] of ref.sink.files) expect(s.sink.files.get(name), `${name} after a drop at ${before}`).toEqual(bytes);
			expect(s.store.models.get('tiny')!.source.files).toEqual(ref.store.models.get('tiny')!.source.files);
		}
		expect(savedSomething).toBe(true);
	});

	it('stops with a checksum error naming the file when the publisher lists another SHA-256', async () => {
		const files = tinySafetensorsFolder({ dtype: 'F32', shards: 2 });
		const s = await setup(files, 'q4f32_1');
		s.model.files[1].expectedSha256 = 'ab'.repeat(32);
		const err = (await runConversion(s.input()).catch((e: unknown) => e)) as ConvertError;
		expect(err.kind).toBe('checksum');
		expect(err.file).toBe(s.plan.files[1].name);
		expect(err.message).toMatch(/corrupted/);
		expect(s.store.states.get('tiny')!.status).toBe('failed');
	});

	for (const [filesAtOnce, groupsInFlight] of [[3, 8], [1, 4]] as const)
		it(`keeps ${groupsInFlight} row groups with the backend at once over ${filesAtOnce} file(s) streamed, never more, and gives the same shards`, async () => {
			const files = tinySafetensorsFolder({ dtype: 'BF16', shards: 3 });
			const ref = await setup(files, 'q4f32_1');
			await runConversion(ref.input());
			const gate = gatedBackend(inlineBackend(null));
			const s2 = await setup(files, 'q4f32_1', { backend: gate.backend, filesAtOnce, groupsInFlight });
			const done = runConversion(s2.input());
			await turns(200);
			// The files share one limit: all of it in use (more than two per file), and none beyond it.
			expect(gate.active).toBe(groupsInFlight);
			await turns(50);
			expect(gate.most).toBe(groupsInFlight);
			gate.open();
			await done;
			expect(gate.most).toBe(groupsInFlight);
			for (const [name, bytes] of ref.sink.files) expect(s2.sink.files.get(name), name).toEqual(bytes);
		});

	it('pauses on a full quota with nothing lost, and finishes once there is room', async () => {
		const files = tinySafetensorsFolder({ dtype: 'F32', shards: 2 });
		const s = await setup(files, 'q4f32_1');
		const biggest = Math.max(...s.plan.shards.map((x) => x.nbytes));
		s.sink.quotaAt = biggest;
		const err = (await runConversion(s.input()).catch((e: unknown) => e)) as Error;
		expect(err).toBeInstanceOf(ConvertError);
		expect((err as ConvertError).kind).toBe('quota');
		expect(s.store.states.get('tiny')!.status).toBe('paused');
		s.sink.quotaAt = null;
		await runConversion(s.input());
		expect(s.store.models.has('tiny')).toBe(true);
		expect(s.plan.shards.every((x) => s.sink.files.has(x.dataPath))).toBe(true);
	});
});
