import { describe, expect, inject, it } from 'vitest';
import { createOpenAiEngine } from '$lib/engines/openai';
import { EngineError } from '$lib/engines/engine';

const prompt =
	'[INST] Below is a context and an instruction. Based on the information provided in the context, write a response for the instruction.\n\n### Context:\n<id: Q7, label: Seven, description: a number> <id: Q8, label: Eight, description: another number>\n\n### Instruction:\nIn above context , what is the label and description for the query where the id is Q8 ? [/INST]';

describe('the OpenAI-compatible engine from a real browser page', () => {
	it('streams an answer from a server that allows this origin', async () => {
		const engine = createOpenAiEngine({ baseUrl: inject('openaiUrl'), model: 'film-test', apiKey: 'sk-test-browser' });
		const pieces: string[] = [];
		const g = await engine.generate({ prompt, maxTokens: 32, onText: (d) => pieces.push(d) });
		expect(g.text).toContain('Eight');
		expect(pieces.join('')).toBe(g.text);
		expect(g.usage.completionTokens).toBeGreaterThan(0);
	});

	it('explains a CORS refusal in words that say what to do', async () => {
		const engine = createOpenAiEngine({ baseUrl: inject('openaiNoCorsUrl'), model: 'film-test', retry: { maxAttempts: 1 } });
		const err = await engine.generate({ prompt, maxTokens: 8 }).catch((e) => e);
		expect(err).toBeInstanceOf(EngineError);
		expect((err as EngineError).kind).toBe('cors');
		expect((err as EngineError).message).toMatch(/origin|CORS/i);
	});

	it('says a wrong key is wrong, without echoing it', async () => {
		const engine = createOpenAiEngine({ baseUrl: inject('openaiUrl'), model: 'film-test', apiKey: 'sk-wrong-secret' });
		const err = (await engine.generate({ prompt, maxTokens: 8 }).catch((e) => e)) as EngineError;
		expect(err.kind).toBe('auth');
		expect(err.message).not.toContain('sk-wrong-secret');
	});
});
