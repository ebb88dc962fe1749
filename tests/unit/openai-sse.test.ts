import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '$lib/engines/openai/sse';

function parseInPieces(pieces: Array<Uint8Array | string>): SseEvent[] {
	const p = createSseParser();
	return [...pieces.flatMap((c) => p.push(c)), ...p.end()];
}

const stream = ': keep-alive\n\ndata: {"a":1}\n\nevent: ping\ndata: x\n\ndata: line one\ndata: line two\n\ndata: "héllo 🦙"\n\ndata: [DONE]\n\n';
const expected: SseEvent[] = [
	{ event: 'message', data: '{"a":1}' },
	{ event: 'ping', data: 'x' },
	{ event: 'message', data: 'line one\nline two' },
	{ event: 'message', data: '"héllo 🦙"' },
	{ event: 'message', data: '[DONE]' }
];

describe('SSE parser', () => {
	it('reads events, multi-line data and event names, and skips comments', () => {
		expect(parseInPieces([stream])).toEqual(expected);
	});

	it('gives the same events when the bytes arrive one at a time (split lines and UTF-8 sequences)', () => {
		const bytes = new TextEncoder().encode(stream);
		const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
		expect(parseInPieces(pieces)).toEqual(expected);
	});

	it('accepts CRLF and CR line endings, even with "\\r" and "\\n" in different chunks', () => {
		expect(parseInPieces(['data: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n'])).toEqual([
			{ event: 'message', data: 'a' },
			{ event: 'message', data: 'b' },
			{ event: 'message', data: 'c' }
		]);
	});

	it('keeps an event whose closing blank line never came, and ignores unknown fields and lines without data', () => {
		expect(parseInPieces(['id: 7\nretry: 100\n\nfoo: bar\ndata:tight\n', 'data: {"last":true}'])).toEqual([
			{ event: 'message', data: 'tight\n{"last":true}' }
		]);
	});

	it('emits nothing for a stream of keep-alives', () => {
		expect(parseInPieces([': ping\n\n', ':\n\n'])).toEqual([]);
	});
});
