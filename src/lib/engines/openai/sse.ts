// Incremental Server-Sent Events parser (the subset OpenAI-compatible servers use).
// Network chunks split anywhere — mid-line, mid-UTF-8 sequence, between "\r" and "\n" — so the parser keeps the
// unfinished tail and only emits an event at its blank line. Comments (": keep-alive") and unknown fields are
// ignored, as the EventSource standard says.

export interface SseEvent {
	event: string;
	data: string;
}

export interface SseParser {
	/** Feed raw bytes or text; returns the events completed by this chunk. */
	push(chunk: Uint8Array | string): SseEvent[];
	/** End of stream: returns an event left without its closing blank line (servers that omit it). */
	end(): SseEvent[];
}

export function createSseParser(): SseParser {
	const decoder = new TextDecoder();
	let buffer = '';
	let data: string[] = [];
	let event = '';
	let hasData = false;

	function dispatch(out: SseEvent[]): void {
		if (hasData) out.push({ event: event || 'message', data: data.join('\n') });
		data = [];
		event = '';
		hasData = false;
	}

	function line(text: string, out: SseEvent[]): void {
		if (text === '') return dispatch(out);
		if (text.startsWith(':')) return;
		const colon = text.indexOf(':');
		const field = colon < 0 ? text : text.slice(0, colon);
		let value = colon < 0 ? '' : text.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'data') {
			data.push(value);
			hasData = true;
		} else if (field === 'event') event = value;
	}

	function drain(final: boolean): SseEvent[] {
		const out: SseEvent[] = [];
		for (;;) {
			const m = /\r\n|\r|\n/.exec(buffer);
			if (!m) break;
			// A lone "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
			if (m[0] === '\r' && m.index === buffer.length - 1 && !final) break;
			line(buffer.slice(0, m.index), out);
			buffer = buffer.slice(m.index + m[0].length);
		}
		if (final) {
			if (buffer !== '') line(buffer, out);
			buffer = '';
			dispatch(out);
		}
		return out;
	}

	return {
		push(chunk) {
			buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
			return drain(false);
		},
		end() {
			buffer += decoder.decode();
			return drain(true);
		}
	};
}
