// The page side of the real-runtime conversion check (and of bench/gpu/convert's page): the app's own conversion worker (inspectConversion → start)
// converts a Hugging Face checkpoint from the local Hub into web-llm's IndexedDB cache; web-llm 0.2.79's real
// MLCEngine on this page loads it from there alone and gives the logits of a prompt, read through the web-llm
// boundary. Returns plain data; Node judges (tests/engine/convert/check.ts).
import * as webllm from 'web-llm-0279';
import { inspectConversion } from '$lib/convert/browser/client';
import type { ConvertProgress } from '$lib/convert/run/progress';
import { convertedBaseUrl } from '$lib/convert/run/prepare';
import { createConvertStore } from '$lib/convert/store';
import { appConfigFor, type MlcEngineLike, type WebLlmModule } from '$lib/engines/webllm/module';
import { neutralChatOptions } from '$lib/engines/webllm/worker-server';
import { createLogitTap } from '$lib/engines/webllm/kv/logit-tap';
import { eachModelFile, openRuntime } from '$lib/engines/webllm/runtime';

const note = (m: string) => console.warn(`[convert-page ${(performance.now() / 1000).toFixed(0)} s] ${m}`);

export interface ConvertInput {
	endpoint: string;
	repo: string;
	libUrl: string;
	modelId: string;
	/** Stop the first attempt once this share of the source is read, then convert again: it must resume. */
	cancelAt: number | null;
	backend: 'auto' | 'cpu';
	/** Hash every stored file afterwards (default true; the GPU bench's 4 GB folder skips it). */
	hash?: boolean;
}

async function hex(data: ArrayBuffer | Uint8Array): Promise<string> {
	const d = await crypto.subtle.digest('SHA-256', data as BufferSource);
	return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Each converted file's SHA-256 as stored (JSON files are stored parsed: their canonical text is hashed). */
export async function storedHashes(baseUrl: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	await eachModelFile(baseUrl, async (name, data) => {
		out[name] = data instanceof ArrayBuffer ? await hex(data) : `json:${await hex(new TextEncoder().encode(JSON.stringify(data)))}`;
	});
	return out;
}

export async function convert(i: ConvertInput) {
	const job = { source: { kind: 'hf' as const, repo: i.repo }, endpoint: i.endpoint, target: 'q4f32_1' as const, library: { url: i.libUrl }, modelId: i.modelId, label: i.modelId, webllm: '0.2.79' as const, backend: i.backend };
	const t0 = performance.now();
	let cancelled = false;
	if (i.cancelAt !== null) {
		const c = await inspectConversion(job);
		const err = await c
			.start((p) => {
				if (!cancelled && p.doneBytes >= i.cancelAt! * p.totalBytes) {
					cancelled = true;
					c.cancel();
				}
			})
			.then(() => null, (e: unknown) => e as { kind?: string; message?: string });
		c.close();
		note(`first attempt: ${err ? `${err.kind}: ${err.message}` : 'finished before the cancel'}`);
	}
	const paused = await createConvertStore().getState(i.modelId);
	const c = await inspectConversion(job);
	const summary = c.summary;
	const samples: ConvertProgress[] = [];
	const t1 = performance.now();
	const record = await c.start((p) => samples.length < 400 && samples.push(p));
	c.close();
	const seconds = (performance.now() - t1) / 1000;
	note(`converted in ${seconds.toFixed(1)} s (${summary.backend})`);
	return {
		record,
		summary,
		cancelled,
		pausedShards: paused?.doneShards.length ?? 0,
		pausedStatus: paused?.status ?? null,
		seconds,
		totalSeconds: (performance.now() - t0) / 1000,
		progressSamples: samples.length,
		lastProgress: samples.at(-1) ?? null,
		hashes: i.hash === false ? {} : await storedHashes(convertedBaseUrl(i.modelId))
	};
}

export interface LogitsInput {
	modelId: string;
	/** The folder URL web-llm reads (…/resolve/main/ or a URL it appends that to). */
	model: string;
	libUrl: string;
	ids: number[];
	contextWindow: number;
}

/** One prefill of `ids` on web-llm's real runtime; the logits after the last. */
export async function logits(i: LogitsInput) {
	const tap = createLogitTap();
	const record = { model: i.model, model_id: i.modelId, model_lib: i.libUrl };
	const engine = new (webllm as unknown as WebLlmModule).MLCEngine({ appConfig: appConfigFor(record), logitProcessorRegistry: new Map([[i.modelId, tap]]) }) as MlcEngineLike;
	const t0 = performance.now();
	await engine.reload(i.modelId, neutralChatOptions(i.contextWindow));
	const loadS = (performance.now() - t0) / 1000;
	const kv = openRuntime(engine, i.modelId, { addBos: false, tap, contextWindow: i.contextWindow }).kv;
	if (!kv.ok) throw new Error(`the runtime's token path is missing: ${kv.missing.join(', ')}`);
	await kv.backend.reset();
	const t1 = performance.now();
	await kv.backend.forward(i.ids, true);
	const forwardS = (performance.now() - t1) / 1000;
	const l = kv.backend.lastLogits();
	await engine.unload();
	if (!l) throw new Error('no logits after the prefill');
	note(`logits of ${i.ids.length} tokens: load ${loadS.toFixed(0)} s, prefill ${forwardS.toFixed(0)} s`);
	return { logits: Array.from(l), loadS, forwardS };
}

export async function adapter() {
	const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
	const a = await gpu?.requestAdapter();
	return a ? `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''} ${a.info?.description ?? ''}`.trim() : null;
}

