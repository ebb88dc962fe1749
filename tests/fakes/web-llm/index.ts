// A fake @mlc-ai/web-llm for tests: the public surface the worker uses plus the private internals the prefix-reuse
// path reaches into, with deterministic history-dependent logits and counters of forwarded tokens.
export { makeFakeWebLlm, type FakeOptions, type FakeMLCEngine } from './engine';
export { FakePipeline, type FakeBehaviour, type FakeStats } from './pipeline';
export { FakeTokenizer, BOS, EOS, VOCAB } from './tokenizer';

import { makeFakeWebLlm, type FakeOptions, type FakeMLCEngine } from './engine';
import type { FakePipeline } from './pipeline';
import type { LogitProcessorLike } from '$lib/engines/webllm/module';

export const FAKE_RECORD = { model: 'https://models.test/fake/', model_id: 'fake-7b', model_lib: 'https://models.test/fake.wasm' };

/** A loaded fake engine and its pipeline, for tests that drive the KV layer directly. */
export async function loadFake(opts: FakeOptions = {}, contextWindow = 512, tap?: LogitProcessorLike) {
	const mod = makeFakeWebLlm(opts);
	const engine = new mod.MLCEngine({
		appConfig: { model_list: [FAKE_RECORD] },
		logitProcessorRegistry: tap ? new Map([[FAKE_RECORD.model_id, tap]]) : undefined
	}) as unknown as FakeMLCEngine;
	await engine.reload(FAKE_RECORD.model_id, { context_window_size: contextWindow, sliding_window_size: -1 });
	const pipe = engine.pipelines.get(FAKE_RECORD.model_id) as FakePipeline | undefined;
	return { mod, engine, pipe: pipe as FakePipeline };
}
