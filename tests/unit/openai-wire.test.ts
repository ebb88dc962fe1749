import { describe, expect, it } from 'vitest';
import { parseWireChunk, WireFormatError } from '$lib/engines/openai/wire';
import { filmPromptToUserMessage } from '$lib/engines/openai/chat-prompt';
import { normalizeBaseUrl, resolveConfig } from '$lib/engines/openai/config';
import { filmPrompt } from '$lib/tasks/prompt';

describe('wire chunks', () => {
	it('reads completions and chat chunks, whole responses and the final usage chunk', () => {
		expect(parseWireChunk('{"choices":[{"text":" Par","finish_reason":null}]}')).toEqual({ text: ' Par', finishReason: null, usage: null, error: null });
		expect(parseWireChunk('{"choices":[{"delta":{"content":"is"},"finish_reason":null}]}').text).toBe('is');
		expect(parseWireChunk('{"choices":[{"delta":{"role":"assistant"},"finish_reason":null}]}').text).toBe('');
		expect(parseWireChunk('{"choices":[{"message":{"content":"Paris"},"finish_reason":"stop"}]}')).toMatchObject({ text: 'Paris', finishReason: 'stop' });
		expect(parseWireChunk('{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3}}').usage).toEqual({ promptTokens: 12, completionTokens: 3 });
		expect(parseWireChunk('{"error":{"message":"upstream timeout"}}').error).toBe('upstream timeout');
	});

	it('rejects what is not an OpenAI-compatible chunk', () => {
		for (const bad of ['{"choices":[{"text":"x"', '[]', '{"data":1}', '{"choices":[{"text":5}]}', '{"choices":[{"index":0}]}'])
			expect(() => parseWireChunk(bad), bad).toThrow(WireFormatError);
	});
});

describe('FILM prompt as a chat turn', () => {
	it('drops the [INST] wrapper and keeps the inside verbatim', () => {
		const prompt = filmPrompt('A B C', 'In above context, which sentence contains the piece "B"?');
		const user = filmPromptToUserMessage(prompt);
		expect(user.startsWith('Below is a context and an instruction.')).toBe(true);
		expect(user.endsWith('which sentence contains the piece "B"?')).toBe(true);
		expect(`[INST] ${user} [/INST]`).toBe(prompt);
		expect(filmPromptToUserMessage('no wrapper here')).toBe('no wrapper here');
	});
});

describe('engine options', () => {
	it('normalises base URLs to a /v1-style base', () => {
		expect(normalizeBaseUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/v1');
		expect(normalizeBaseUrl('https://api.openai.com/v1/')).toBe('https://api.openai.com/v1');
		expect(normalizeBaseUrl('https://openrouter.ai/api/v1')).toBe('https://openrouter.ai/api/v1');
	});
	it('refuses URLs that would leak a key or are not http(s), and bad numbers', () => {
		for (const bad of ['not a url', 'ftp://x.org', 'https://user:pw@x.org/v1', 'https://x.org/v1?key=abc'])
			expect(() => normalizeBaseUrl(bad), bad).toThrow(/Base URL/);
		expect(() => resolveConfig({ baseUrl: 'http://x.org', model: ' ' })).toThrow(/model/);
		expect(() => resolveConfig({ baseUrl: 'http://x.org', model: 'm', concurrency: 0 })).toThrow(/concurrency/);
		expect(resolveConfig({ baseUrl: 'http://x.org', model: 'm' })).toMatchObject({ api: 'auto', stream: true, includeUsage: true, label: 'm @ x.org' });
	});
});
