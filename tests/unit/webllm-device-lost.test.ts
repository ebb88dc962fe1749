import { describe, expect, it } from 'vitest';
import { createWebLlmEngine } from '$lib/engines/webllm/client';
import { filmModel } from '$lib/engines/webllm/models';
import { EngineError } from '$lib/engines/engine';
import { makeFakeWebLlm, type FakeMLCEngine } from '../fakes/web-llm';
import { inProcessWorker } from '../fakes/web-llm/in-process-worker';

const spec = filmModel('q4f32_1', 'http://localhost:8000/FILM-7B-q4f32_1');
const PREFIX = '[INST] Below is a context.\n\n### Context:\nalpha beta gamma delta';
const PROMPT = PREFIX + '\n\n### Instruction:\nwhat is first? [/INST]';

describe('a lost GPU device', () => {
	it('surfaces as the typed device-lost error in user words, and a reload answers again', async () => {
		const mod = makeFakeWebLlm();
		const engine = createWebLlmEngine(inProcessWorker(mod).worker);
		await engine.load(spec, { contextWindow: 2048 });
		const before = await engine.generate({ prompt: PROMPT, prefix: PREFIX, maxTokens: 6 });

		const fake = mod.engines[0] as unknown as FakeMLCEngine;
		fake.pipelines.get(spec.id)!.loseDevice();
		await new Promise((r) => setTimeout(r, 0));
		const err = (await engine.generate({ prompt: PROMPT, prefix: PREFIX, maxTokens: 6 }).catch((e) => e)) as EngineError;
		expect(err).toBeInstanceOf(EngineError);
		expect(err.kind).toBe('device-lost');
		expect(err.message).toMatch(/GPU device was lost.*Reload the engine/);

		await engine.reload();
		const after = await engine.generate({ prompt: PROMPT, prefix: PREFIX, maxTokens: 6 });
		expect(after.text).toBe(before.text);
	});
});
