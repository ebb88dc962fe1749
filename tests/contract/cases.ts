// What the project relies on from web-llm's runtime and cache, stated once. The cases run in order and share one
// loaded model: the cache cases put a folder in, the runtime cases load it from there alone and use it through the
// web-llm boundary, the last ones delete it. Real runtime forwards cost tens of seconds on the software adapter, so
// the runtime cases make four (two prefills, two decode steps).
import {
	countUnder, deleteUnder, listCachedLibraries, listCachedModels, missingModelFiles, modelUrlOf, openRuntime, putLibrary, putModelFiles,
	type ModelRuntime
} from '../../src/lib/engines/webllm/runtime';
import { appConfigFor, type MlcEngineLike } from '../../src/lib/engines/webllm/module';
import { createLogitTap, type LogitTap } from '../../src/lib/engines/webllm/kv/logit-tap';
import { DEFAULT_TOLERANCE, maxAbsDiff } from '../../src/lib/engines/webllm/kv/self-check';
import { neutralChatOptions } from '../../src/lib/engines/webllm/worker-server';
import { watchDevice } from '../../src/lib/engines/webllm/device-watch';
import type { CaseNeeds, ContractSubject } from './subject';

export interface ContractContext {
	tap: LogitTap;
	engine: MlcEngineLike | null;
	rt: ModelRuntime | null;
	/** web-llm's own next-token logits after the prefix, for the batch cache to match. */
	prefixLogits: Float32Array | null;
}

export interface ContractCase {
	name: string;
	needs: CaseNeeds;
	run(s: ContractSubject, c: ContractContext): Promise<void>;
}

class Broken extends Error {}
function expectSame(actual: unknown, expected: unknown, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Broken(`${what}: got ${a?.slice(0, 200)}, expected ${e?.slice(0, 200)}`);
}
function expectTrue(ok: boolean, what: string): void {
	if (!ok) throw new Broken(what);
}
function loaded(c: ContractContext): ModelRuntime {
	if (!c.rt) throw new Broken('no model was loaded (see the load case)');
	return c.rt;
}
function backendOf(c: ContractContext) {
	const kv = loaded(c).kv;
	if (!kv.ok) throw new Broken(`the KV backend is unavailable: ${kv.missing.join(', ')}`);
	return kv.backend;
}
const modelId = (s: ContractSubject) => s.folder.record.model_id;
const appConfig = (s: ContractSubject) => appConfigFor(s.folder.record);
const names = (s: ContractSubject) => s.folder.files.map((f) => f.name);
/** Bytes of the shards: what the manager's size must at least hold (JSON files are stored parsed, so smaller). */
const shardBytes = (s: ContractSubject) => s.folder.files.reduce((n, f) => n + (f.name.endsWith('.bin') && f.data instanceof ArrayBuffer ? f.data.byteLength : 0), 0);

/**
 * Waits for a state web-llm reaches on its own after a call returned (an unload after a device loss; 0.2.79's
 * delete does not await its shard deletions), looking again between tasks; false when it never came.
 */
async function eventually(cond: () => boolean | Promise<boolean>, rounds = 600): Promise<boolean> {
	for (let i = 0; i < rounds; i++) {
		if (await cond()) return true;
		await new Promise((r) => setTimeout(r, 50));
	}
	return cond();
}

export const CASES: ContractCase[] = [
	{
		name: 'putModelFiles writes a folder that web-llm reports as cached',
		needs: 'cache',
		async run(s) {
			const base = s.folder.baseUrl;
			await deleteUnder(base, s.idb);
			expectSame(await s.webllm.hasModelInCache(modelId(s), appConfig(s)), false, 'hasModelInCache before any write');
			await putModelFiles(base, s.folder.files, s.idb, { webllm: s.version });
			expectSame(await missingModelFiles(base, names(s), s.idb), [], 'files missing after putModelFiles');
			expectSame(await s.webllm.hasModelInCache(modelId(s), appConfig(s)), true, 'hasModelInCache after putModelFiles');
			expectSame(await countUnder(base, s.idb), names(s).length, 'records under the folder');
			const row = (await listCachedModels(s.idb)).find((m) => m.modelUrl === modelUrlOf(base + 'x'));
			expectSame(row?.files, names(s).length, 'files the model manager lists for the folder');
			expectTrue((row?.bytes ?? 0) >= shardBytes(s), `the model manager lists ${row?.bytes} bytes, the shards alone hold ${shardBytes(s)}`);
		}
	},
	{
		name: 'putLibrary puts the model library where web-llm looks for it',
		needs: 'cache',
		async run(s) {
			await putLibrary(s.folder.library.url, s.folder.library.bytes, s.idb);
			const row = (await listCachedLibraries(s.idb)).find((l) => l.url === s.folder.library.url);
			expectSame(row?.bytes, s.folder.library.bytes.byteLength, 'bytes listed for the library');
		}
	},
	{
		name: 'web-llm loads the model from those records alone (nothing under the folder or library URL is reachable)',
		needs: 'runtime',
		async run(s, c) {
			const engine = new s.webllm.MLCEngine({ appConfig: appConfig(s), logitProcessorRegistry: new Map([[modelId(s), c.tap]]) });
			await engine.reload(modelId(s), neutralChatOptions(s.contextWindow));
			c.engine = engine;
			c.rt = openRuntime(engine, modelId(s), { addBos: false, tap: c.tap, contextWindow: s.contextWindow });
			expectSame(c.rt.isLoaded(), true, 'web-llm holds the model after reload');
		}
	},
	{
		name: "openRuntime gives a KV backend that reads with the pipeline's tokenizer",
		needs: 'runtime',
		async run(s, c) {
			const b = backendOf(c);
			expectSame(b.encode(s.sample.text), s.sample.ids, `ids of "${s.sample.text}"`);
			expectSame(b.encode(b.decode(s.sample.ids)), s.sample.ids, 'ids of the decoded text');
			expectTrue(b.stopTokenIds.length > 0, 'the pipeline names no stop token');
			expectSame(b.contextWindow, s.contextWindow, 'context window');
		}
	},
	{
		name: 'forwards fill the KV cache; truncate pops with kv_state_popn and restores the filled length',
		needs: 'runtime',
		async run(s, c) {
			const b = backendOf(c);
			await b.reset();
			expectSame(b.filled(), 0, 'filled after reset');
			await b.forward(s.prefix, true);
			expectSame(b.filled(), s.prefix.length, 'filled after the prefix prefill');
			const atPrefix = b.lastLogits();
			expectSame(atPrefix?.length, s.vocabSize, 'logits after the prefix');
			c.prefixLogits = atPrefix && atPrefix.slice();
			await b.forward([s.next], false);
			expectSame(b.filled(), s.prefix.length + 1, 'filled after one decode step');
			const first = b.lastLogits()!.slice();
			b.truncate(s.prefix.length);
			expectSame(b.filled(), s.prefix.length, 'filled after truncate');
			// The same step on the popped cache sees the same history: the pop removed the token from the KV state too.
			await b.forward([s.next], false);
			const d = maxAbsDiff(first, b.lastLogits()!);
			expectTrue(d <= DEFAULT_TOLERANCE, `the step after the pop differs from the step before it by ${d}`);
			let refused = false;
			try {
				b.truncate(b.filled() + 1);
			} catch {
				refused = true;
			}
			expectTrue(refused, 'truncate to more tokens than are filled did not throw');
			await b.reset();
			expectSame(b.filled(), 0, 'filled after the closing reset');
		}
	},
	{
		name: "withLock holds web-llm's model lock: a second holder waits for the first",
		needs: 'runtime',
		async run(_s, c) {
			const b = backendOf(c);
			const order: string[] = [];
			let release!: () => void;
			const gate = new Promise<void>((r) => (release = r));
			const first = b.withLock(async () => {
				order.push('first in');
				await gate;
				order.push('first out');
				return 1;
			});
			const second = b.withLock(async () => {
				order.push('second in');
				return 2;
			});
			await new Promise((r) => setTimeout(r, 0));
			release();
			expectSame([await first, await second], [1, 2], 'values through withLock');
			expectSame(order, ['first in', 'first out', 'second in'], 'order under the lock');
		}
	},
	{
		name: "batch KV caches of our own run the library's functions: prefill, fork, pop, remove; and its limits are read",
		needs: 'runtime',
		async run(s, c) {
			const batch = loaded(c).batch;
			expectSame(batch.missing, [], 'what the batch paths lack');
			const meta = batch.libraryMetadata();
			expectSame(meta.maxBatchSize, s.maxBatchSize, "the library's max_batch_size");
			expectTrue(Number.isInteger(meta.prefillChunkSize) && meta.prefillChunkSize! > 0, `prefill_chunk_size ${meta.prefillChunkSize}`);
			const kv = batch.createKv({ maxSequences: 3, capacityTokens: 256 });
			try {
				expectSame(kv.maxBatch, s.maxBatchSize, 'the cache takes the library limit');
				kv.addSequence(0);
				const logits = await kv.prefill(0, s.prefix);
				expectSame(kv.length(0), s.prefix.length, 'sequence 0 after prefill');
				if (!c.prefixLogits) throw new Broken("web-llm's own logits after the prefix are unknown (see the forward case)");
				const d = maxAbsDiff(logits, c.prefixLogits);
				expectTrue(d <= DEFAULT_TOLERANCE, `our cache's prefill differs from web-llm's own by ${d}`);
				kv.forkSequence(0, 1);
				expectSame(kv.length(1), s.prefix.length, 'the fork shares the context');
				kv.popTokens(1, 1);
				expectSame([kv.length(0), kv.length(1)], [s.prefix.length, s.prefix.length - 1], 'lengths after popping the fork');
				kv.removeSequence(1);
			} finally {
				kv.dispose();
			}
		}
	},
	{
		name: 'a lost GPU device makes web-llm drop the model, and the device watch says so',
		needs: 'runtime',
		async run(_s, c) {
			const rt = loaded(c);
			const device = rt.device;
			if (!device?.lost || !device.destroy) throw new Broken('the runtime gives no GPU device with lost and destroy');
			const watch = watchDevice(rt);
			expectSame(watch.lost, null, 'the watch before the loss');
			device.destroy();
			await device.lost;
			expectTrue(await eventually(() => rt.isLoaded() === false), 'web-llm still holds the model after its device was lost');
			expectTrue(typeof watch.lost === 'string' && watch.lost.length > 0, 'the watch did not see the loss');
		}
	},
	{
		name: "web-llm's own delete finds what putModelFiles and putLibrary wrote",
		needs: 'cache',
		async run(s) {
			await s.webllm.deleteModelAllInfoInCache(modelId(s), appConfig(s));
			const shards = names(s).filter((n) => n.endsWith('.bin'));
			const gone = async () => (await missingModelFiles(s.folder.baseUrl, shards, s.idb)).length === shards.length;
			expectTrue(await eventually(gone), 'shards are left after web-llm deleted the model');
			expectSame(await s.webllm.hasModelInCache(modelId(s), appConfig(s)), false, 'hasModelInCache after deleteModelAllInfoInCache');
			expectSame(await missingModelFiles(s.folder.baseUrl, ['mlc-chat-config.json'], s.idb), ['mlc-chat-config.json'], 'config missing');
			expectSame(await countUnder(s.folder.library.url, s.idb), 0, 'library records left');
		}
	},
	{
		name: 'deleteUnder leaves nothing of the folder, and web-llm sees no model',
		needs: 'cache',
		async run(s) {
			await putModelFiles(s.folder.baseUrl, s.folder.files, s.idb, { webllm: s.version });
			expectSame(await deleteUnder(s.folder.baseUrl, s.idb), names(s).length, 'records deleted');
			expectSame(await countUnder(s.folder.baseUrl, s.idb), 0, 'records left');
			expectSame(await missingModelFiles(s.folder.baseUrl, names(s), s.idb), names(s), 'files missing');
			expectSame(await s.webllm.hasModelInCache(modelId(s), appConfig(s)), false, 'hasModelInCache after deleteUnder');
		}
	}
];

export function newContext(): ContractContext {
	return { tap: createLogitTap(), engine: null, rt: null, prefixLogits: null };
}

export { Broken };
