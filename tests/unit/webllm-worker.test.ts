import { describe, expect, it } from 'vitest';
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { serveWebLlmWorker } from '$lib/engines/webllm/worker-server';
import type { Response } from '$lib/engines/webllm/protocol';
import { filmModel } from '$lib/engines/webllm/models';
import { MISSING_PIPELINE_MAP } from '$lib/engines/webllm/runtime';
import type { LoadProgress } from '$lib/engines/webllm/progress';
import { makeFakeWebLlm, type FakeMLCEngine, type FakeOptions } from '../fakes/web-llm';
import { inProcessWorker } from '../fakes/web-llm/in-process-worker';

const PREFIX = '[INST] Below is a context.\n\n### Context:\nalpha beta gamma delta';
const SUFFIXES = ['\n\n### Instruction:\nwhat is first? [/INST]', '\n\n### Instruction:\nwhat is last? [/INST]'];
const spec = filmModel('q4f32_1', 'http://localhost:8000/FILM-7B-q4f32_1');

async function engineWith(opts: FakeOptions = {}, reuse: 'auto' | 'off' = 'auto') {
	const mod = makeFakeWebLlm(opts);
	const { worker } = inProcessWorker(mod);
	const engine = createWebLlmEngine(worker, { reuse });
	const progress: LoadProgress[] = [];
	const loaded = await engine.load(spec, { contextWindow: 2048, onProgress: (p) => progress.push(p) });
	const fake = mod.engines[0] as unknown as FakeMLCEngine;
	return { engine, loaded, progress, fake, pipe: fake.pipelines.get(spec.id)! };
}

async function answers(engine: Awaited<ReturnType<typeof engineWith>>['engine']) {
	const out = [];
	for (const s of SUFFIXES) out.push(await engine.generate({ prompt: PREFIX + s, prefix: PREFIX, maxTokens: 10 }));
	return out;
}

describe('WebLLM worker server + client over the fake web-llm', () => {
	it('loads with neutral sampling, a 32K-style window override, progress with bytes, and a passing self-check', async () => {
		const { engine, loaded, progress, pipe } = await engineWith();
		expect(loaded.reusePath).toBe('chunk');
		expect(loaded.missingInternals).toEqual([]);
		expect(pipe.contextWindowSize).toBe(2048);
		expect(pipe.slidingWindowSize).toBe(-1);
		expect(engine.capabilities).toEqual({ maxContext: 2048, prefixReuse: true, exactTokens: true });
		const fetchP = progress.filter((p) => p.phase === 'fetch');
		expect(fetchP.length).toBe(3);
		expect(fetchP[2].bytesDone).toBe(96 * 2 ** 20);
		expect(fetchP[0].bytesPerS).toBeGreaterThan(0);
	});

	it('answers identically with reuse, with decode steps, and with reuse off; reuse prefills less', async () => {
		const reused = await engineWith();
		const off = await engineWith({}, 'off');
		const steps = await engineWith({ brokenChunk: true });
		expect(steps.loaded.reusePath).toBe('decode-steps');
		expect(off.engine.capabilities.prefixReuse).toBe(false);
		expect(off.loaded.selfCheck).toBeNull();
		const [a, b, c] = [await answers(reused.engine), await answers(off.engine), await answers(steps.engine)];
		expect(a.map((g) => g.text)).toEqual(b.map((g) => g.text));
		expect(c.map((g) => g.text)).toEqual(b.map((g) => g.text));
		expect(a.map((g) => g.path)).toEqual(['prefix-reuse:chunk', 'prefix-reuse:chunk']);
		expect(c[0].path).toBe('prefix-reuse:decode-steps');
		expect(b[0].path).toBe('full-prefill');
		// switching reuse on later measures first, then reuses
		await off.engine.setReuse('auto');
		expect(off.engine.loaded?.selfCheck?.path).toBe('chunk');
		expect(off.engine.capabilities.prefixReuse).toBe(true);
		await off.engine.setReuse('off');
		expect(a[1].usage.promptTokens).toBe(b[1].usage.promptTokens);
		const before = { reused: reused.pipe.stats.prefilledTokens, off: off.pipe.stats.prefilledTokens };
		await answers(reused.engine);
		await answers(off.engine);
		const suffixOnly = reused.pipe.stats.prefilledTokens - before.reused;
		const full = off.pipe.stats.prefilledTokens - before.off;
		expect(suffixOnly).toBeLessThan(full / 2);
	});

	it('falls back to the raw completion path with BOS when internals are missing', async () => {
		const fallback = await engineWith({ noInternals: true });
		const ref = await engineWith({}, 'off');
		expect(fallback.loaded.missingInternals).toEqual([MISSING_PIPELINE_MAP]);
		expect(fallback.engine.capabilities.prefixReuse).toBe(false);
		const [x, y] = [await answers(fallback.engine), await answers(ref.engine)];
		expect(x.map((g) => g.path)).toEqual(['completions', 'completions']);
		expect(fallback.fake.completionCalls).toBe(2);
		// the completion path prefixes "<s>": same tokens, same greedy answers as the token path
		expect(x.map((g) => g.text)).toEqual(y.map((g) => g.text));
		expect(x[0].usage.promptTokens).toBe(y[0].usage.promptTokens);
		let streamed = '';
		const s = await fallback.engine.generate({ prompt: PREFIX + SUFFIXES[0], maxTokens: 10, onText: (d) => { streamed += d; } });
		expect(streamed).toBe(s.text);
	});

	it('turns reuse off and on at run time', async () => {
		const { engine } = await engineWith();
		await engine.setReuse('off');
		expect(engine.capabilities.prefixReuse).toBe(false);
		expect((await engine.generate({ prompt: PREFIX + SUFFIXES[0], prefix: PREFIX, maxTokens: 3 })).path).toBe('full-prefill');
		await engine.setReuse('auto');
		expect((await engine.generate({ prompt: PREFIX + SUFFIXES[0], prefix: PREFIX, maxTokens: 3 })).path).toBe('prefix-reuse:chunk');
	});

	it('runs the self-check with a prompt of the caller (at load and on demand)', async () => {
		const mod = makeFakeWebLlm();
		const same = { prefix: 'Context: aaaa.', questions: [' a?', ' a?'] as [string, string] };
		const engine = createWebLlmEngine(inProcessWorker(mod).worker, { checkPrompt: same, storage: null });
		const l = await engine.load(spec, { contextWindow: 1024 });
		// two identical questions carry no context signal: nothing can be verified, so no reuse
		expect(l.selfCheck).toMatchObject({ path: 'none', contextSignal: 0 });
		expect(engine.capabilities.prefixReuse).toBe(false);
		const r = await engine.selfCheck({ prefix: 'Context: abcd.', questions: [' first?', ' last one?'] });
		expect(r).toMatchObject({ path: 'chunk', kvRestored: true, questionTokens: [7, 10] });
		expect(engine.capabilities.prefixReuse).toBe(true);
	});

	it('maps a load failure by name across the boundary, and a retry after it succeeds', async () => {
		const mod = makeFakeWebLlm({ loadError: { name: 'DeviceLostError', message: 'The WebGPU device was lost while loading the model.' } });
		const { worker } = inProcessWorker(mod);
		const engine = createWebLlmEngine(worker);
		await expect(engine.load(spec, { contextWindow: 1024 })).rejects.toMatchObject({ kind: 'device-lost', name: 'EngineError' });
		expect(engine.loaded).toBeNull();
		const ok = createWebLlmEngine(inProcessWorker(makeFakeWebLlm()).worker);
		await expect(ok.load(spec, { contextWindow: 1024 })).resolves.toMatchObject({ modelId: spec.id });
		// reload() brings the same model back, with the same window (what the UI offers after a device loss)
		await expect(ok.reload()).resolves.toMatchObject({ modelId: spec.id, contextWindow: 1024 });
		await expect(engine.reload()).rejects.toMatchObject({ kind: 'device-lost' });
	});

	it('reports a prompt over the window as a context-window error', async () => {
		const { engine } = await engineWith();
		await expect(engine.generate({ prompt: 'x'.repeat(3000), maxTokens: 4 })).rejects.toMatchObject({ kind: 'context-window' });
		// and the engine still answers afterwards
		expect((await engine.generate({ prompt: PREFIX + SUFFIXES[0], prefix: PREFIX, maxTokens: 3 })).text.length).toBeGreaterThan(0);
	});

	it('cancels a download', async () => {
		const mod = makeFakeWebLlm({ shards: 50, shardDelayMs: 5 });
		const engine = createWebLlmEngine(inProcessWorker(mod).worker);
		const ctrl = new AbortController();
		const seen: LoadProgress[] = [];
		const p = engine.load(spec, { contextWindow: 1024, signal: ctrl.signal, onProgress: (x) => { seen.push(x); if (seen.length === 3) ctrl.abort(); } });
		await expect(p).rejects.toMatchObject({ kind: 'aborted' });
		expect(seen.length).toBeLessThan(50);
		expect(engine.loaded).toBeNull();
	});

	it('streams text and stops at an abort', async () => {
		const { engine } = await engineWith();
		const ctrl = new AbortController();
		let streamed = '';
		const g = await engine.generate({ prompt: PREFIX + SUFFIXES[0], prefix: PREFIX, maxTokens: 10, signal: ctrl.signal, onText: (d) => { streamed += d; } });
		expect(streamed).toBe(g.text);
		const pre = new AbortController();
		pre.abort();
		await expect(engine.generate({ prompt: PREFIX, maxTokens: 3, signal: pre.signal })).rejects.toMatchObject({ kind: 'aborted' });
		const mid = new AbortController();
		const cut = await engine.generate({ prompt: PREFIX + SUFFIXES[0], prefix: PREFIX, maxTokens: 200, signal: mid.signal, onText: () => mid.abort() });
		expect(cut.finishReason).toBe('abort');
		expect(cut.usage.completionTokens).toBeLessThan(200);
		// the prefix survives an abort: the next question still reuses it and answers as before
		const again = await engine.generate({ prompt: PREFIX + SUFFIXES[0], prefix: PREFIX, maxTokens: 10 });
		expect(again).toMatchObject({ text: g.text, path: 'prefix-reuse:chunk' });
	});

	it('answers malformed messages with an error instead of throwing', async () => {
		const posted: Response[] = [];
		const server = serveWebLlmWorker(makeFakeWebLlm(), { postMessage: (m) => posted.push(m), addEventListener: () => {} });
		await server.handle({ type: 'generate', id: 7, req: { prompt: 3 } });
		await server.handle('nonsense');
		expect(posted).toEqual([
			{ type: 'error', id: 7, error: { kind: 'bad-response', message: expect.any(String) } },
			{ type: 'error', id: -1, error: { kind: 'bad-response', message: expect.any(String) } }
		]);
	});

	it('lists and deletes a cached model through web-llm', async () => {
		const posted: Response[] = [];
		const cached = new Set([spec.id]);
		const server = serveWebLlmWorker(makeFakeWebLlm({ cached }), { postMessage: (m) => posted.push(m), addEventListener: () => {} });
		await server.handle({ type: 'cacheHas', id: 1, record: spec.record });
		await server.handle({ type: 'cacheDelete', id: 2, record: spec.record });
		await server.handle({ type: 'cacheHas', id: 3, record: spec.record });
		expect(posted.map((m) => m.type === 'result' && m.value)).toEqual([true, true, false]);
	});
});
